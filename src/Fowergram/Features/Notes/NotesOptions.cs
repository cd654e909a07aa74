using Fowergram.Platform.Options;

namespace Fowergram.Features.Notes;

/// <summary>Bound from the <c>Notes</c> section in both hosts (<c>Notes__ExpiredNoteGrace</c>).</summary>
public sealed class NotesOptions : ISelfValidatingOptions
{
    public const string Section = "Notes";

    /// <summary>
    /// How long an expired note stays stored before the story-expiry job's sweep deletes it with its likes (docs/notes.md
    /// "Expiry"): a week by default, so that its author still finds "… liked your note." in their inbox for that long, and a
    /// report filed while the note was up can be decided on the note itself. Zero deletes it at the sweep after its day ends.
    /// </summary>
    public TimeSpan ExpiredNoteGrace { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<string> Problems()
    {
        if (ExpiredNoteGrace < TimeSpan.Zero || ExpiredNoteGrace > TimeSpan.FromDays(90))
            yield return "Notes:ExpiredNoteGrace must be from zero to 90 days.";
    }
}
