using Dapper;
using Fowergram.Features.Notes;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Replying to a note (docs/notes.md "Replies", migration 0114): POST /notes/{id}/replies sends the note's author a direct
/// message in the one-to-one thread with them (opened if need be), of type note_reply, quoting the note. It is a message
/// like any other from then on: the author's requests, hidden words and limits, blocks and read marks all apply.
/// </summary>
public sealed class NoteRepliesApi(NpgsqlDataSource db, AccessTokens tokens, MessagesApi messages, TimeProvider time)
{
    public async Task<IResult> Reply(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<NoteReplyRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var text = ConversationRules.Text(body.Value!.Text, errors);
        if (text is null && errors.IsValid) errors.Add("text", "This field is required.");
        if (!errors.IsValid) return errors.ToProblem();
        if (!Guid.TryParse(id, out var noteId)) return Problems.NotFound("note");

        var viewer = caller.UserId;
        var now = Timestamps.Now(time);
        var messageId = Ids.New(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        NoteRow? note;
        Guid conversationId;
        // First the thread, opened as POST /conversations opens it, in a transaction of its own: a send locks the thread
        // before its participant rows, an open takes them the other way round, and one transaction doing both could
        // deadlock with a send in the same thread. A reply refused after this leaves an empty thread, listed to nobody else.
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
            note = await conn.QuerySingleOrDefaultAsync<NoteRow>(new CommandDefinition(NotesSql.One, new { noteId, viewer, now }, tx, cancellationToken: ct));
            if (note is null) return Problems.NotFound("note");
            if (note.AuthorId == viewer) return Problems.Validation("id", "You cannot reply to your own note.");
            if (!await ConversationsApi.AllReachableAsync(conn, tx, viewer, [note.AuthorId], ct)) return Problems.NotFound("note");
            (conversationId, _) = await ConversationsApi.OpenDirectAsync(conn, tx, time, viewer, note.AuthorId, now, ct);
            await tx.CommitAsync(ct);
        }
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (await Membership.FindAsync(conn, tx, viewer, conversationId.ToString(), ct, lockThread: true) is null) return Problems.NotFound("note");
            // A block or a deactivation since the first transaction refuses the send, as MessagesApi.Send does.
            if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(MessagesSql.DirectPeerReachable,
                    new { conversationId, viewer }, tx, cancellationToken: ct)))
                return Problems.Forbidden("You can't message this account.");
            await conn.ExecuteAsync(new CommandDefinition(MessagesSql.Insert, new
            {
                id = messageId, conversationId, viewer, type = "note_reply", text, uploadId = (Guid?)null, blobName = (string?)null,
                sharedPostId = (Guid?)null, sharedStoryId = (Guid?)null, sharedReelId = (Guid?)null, sharedVideoId = (Guid?)null,
                replyToId = (Guid?)null, quotedNote = note.Text, now,
            }, tx, cancellationToken: ct));
            await MessagesApi.DeliverAsync(conn, tx, conversationId, isGroup: false, viewer, messageId, text, now, ct);
            await tx.CommitAsync(ct);
        }
        return await messages.ViewAsync(conn, viewer, messageId, ct) is { } view
            ? Api.Created($"/api/v1/messages/{messageId}", view)
            : Problems.NotFound("message"); // the caller left the thread from another device meanwhile
    }
}

/// <summary>POST /api/v1/notes/{id}/replies.</summary>
public sealed record NoteReplyRequest(string? Text);
