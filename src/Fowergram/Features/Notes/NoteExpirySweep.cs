using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Notes;

/// <summary>
/// Run by the story-expiry job, deletes two kinds of notes no read shows any more (docs/notes.md "Expiry", "Removed notes"):
/// <list type="bullet">
/// <item>notes expired for longer than <see cref="NotesOptions.ExpiredNoteGrace"/>. Reads hide an expired note by
/// <c>expires_at</c> already; the sweep keeps an author who posts no new note from keeping their last one, and its likes, for
/// ever. A note a moderator removed is left to its hold (below), and a note whose removal was reversed is swept like any other.</item>
/// <item>notes a moderator removed whose hold has passed (<c>held_until</c>, migration 0252): the removal was never appealed
/// in its window, or could not be. Until then such a note stayed, unseen, until its author's next note. An appeal moves the
/// hold to 'infinity' in an UPDATE of the note's row, so an appeal at the window's very end and this delete take the row in
/// turn: the delete re-checks the hold (a row the appeal updated is not the row it found, and stays), and an appeal after the
/// delete finds no note to keep (a 409).</item>
/// </list>
/// Their likes go with them (<c>note_likes</c> ON DELETE CASCADE), and so do their like notices (can_view_entity finds no
/// note); replies keep the note's words (<c>messages.quoted_note</c>: no reference to it).
/// </summary>
public sealed class NoteExpirySweep(NpgsqlDataSource db, IOptions<NotesOptions> options) : IExpirySweep
{
    public string Name => "expired notes and removed notes past their appeal";

    public async Task<long> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // The condition is checked again by the delete: a note its author replaced meanwhile is simply not there, and one a
        // moderator removed meanwhile (removed_at set) stays.
        var expired = await BatchDelete.RunAsync(conn, "notes", "expires_at <= @cutoff AND removed_at IS NULL",
            new { cutoff = now - options.Value.ExpiredNoteGrace }, ct);
        return expired + await BatchDelete.RunAsync(conn, "notes", "held_until <= @now", new { now }, ct);
    }
}
