using Dapper;
using Fowergram.Features.Notes;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Replying to a note (docs/notes.md "Replies", migration 0114): POST /notes/{id}/replies sends the note's author a direct
/// message of type note_reply quoting the note's words (a note lives a day and is replaced by the next), through
/// <see cref="DirectReplies"/>.
/// </summary>
public sealed class NoteRepliesApi(NpgsqlDataSource db, AccessTokens tokens, MessagesApi messages, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Reply(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => ReplyOnce(request, id, ct), ct);

    private async Task<IResult> ReplyOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var (text, problem) = await DirectReplies.ReadTextAsync(db, request, ct);
        if (problem is not null) return problem;
        if (!Guid.TryParse(id, out var noteId)) return Problems.NotFound("note");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await DirectReplies.SendAsync(conn, messages, time, caller.UserId, "note", "note_reply", text!, async (tx, now) =>
            await ShownAsync(conn, tx, NotesSql.One, noteId, caller.UserId, now, ct) is { } note ? new ReplyTarget(note.AuthorId, QuotedNote: note.Text) : null,
            ct,
            // Read again where the message is written, its row key-share locked: a note deleted, replaced or no longer shown to the
            // caller since the thread was opened is not answered (its words were copied into the thread all the same), and a
            // replacement waits for the reply instead of slipping in between this check and the write.
            admit: async (tx, now) => await ShownAsync(conn, tx, NotesSql.LockOne, noteId, caller.UserId, now, ct) is null ? Problems.NotFound("note") : null);
    }

    private static Task<NoteRow?> ShownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, Guid noteId, Guid viewer, DateTimeOffset now,
        CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<NoteRow>(new CommandDefinition(sql, new { noteId, viewer, now }, tx, cancellationToken: ct));
}
