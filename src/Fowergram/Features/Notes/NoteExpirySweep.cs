using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Npgsql;

namespace Fowergram.Features.Notes;

/// <summary>
/// Deletes notes expired for longer than <see cref="Grace"/> (docs/notes.md "Expiry"), run by the story-expiry job. Reads
/// hide an expired note by <c>expires_at</c> already; the sweep keeps an author who posts no new note from keeping their
/// last one, and its likes, for ever. Its likes go with it (<c>note_likes</c> ON DELETE CASCADE), and so do its like notices
/// (can_view_entity finds no note); replies keep the note's words (<c>messages.quoted_note</c>: no reference to it). A note a
/// moderator removed is left to its appeal (NoteReinstatement deletes it when the removal is upheld), and a note whose
/// removal was reversed is swept like any other.
/// </summary>
public sealed class NoteExpirySweep(NpgsqlDataSource db) : IExpirySweep
{
    /// <summary>
    /// A week past its day: the author still finds "… liked your note." in their inbox for that long, and a report filed
    /// while the note was up can be decided on the note itself (after it, a takedown finds the note gone).
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    public string Name => "expired notes";

    public async Task<long> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // The condition is checked again by the delete: a note its author replaced meanwhile is simply not there, and one a
        // moderator removed meanwhile (removed_at set) stays.
        return await BatchDelete.RunAsync(conn, "notes", "expires_at <= @cutoff AND removed_at IS NULL", new { cutoff = now - Grace }, ct);
    }
}
