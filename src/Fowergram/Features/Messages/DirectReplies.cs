using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>What a reply answers: whose it is, and what the message keeps of it (a note's words, or the story itself).</summary>
internal sealed record ReplyTarget(Guid AuthorId, string? QuotedNote = null, Guid? SharedStoryId = null);

/// <summary>
/// Replying to something of someone's (a note, a story) with a direct message to its author, in the one-to-one thread
/// with them, opened if need be (docs/messages.md "Replies"). From then on it is a message like any other: the author's
/// requests, hidden words and limits, blocks and read marks all apply.
/// </summary>
internal static class DirectReplies
{
    /// <summary>
    /// Sends <paramref name="text"/> as a <paramref name="type"/> message answering what <paramref name="find"/> reads (first
    /// thing in its one transaction; null: 404 naming <paramref name="what"/>). 201 with the message. <paramref name="admit"/>, when given,
    /// runs in the transaction that writes the message, just before the write: a refusal it answers is the answer, and a
    /// setting it checks under a lock cannot change between its check and the message.
    /// </summary>
    public static async Task<IResult> SendAsync(NpgsqlConnection conn, MessagesApi messages, TimeProvider time, Guid viewer, string what,
        string type, string text, Func<NpgsqlTransaction, DateTimeOffset, Task<ReplyTarget?>> find, CancellationToken ct,
        Func<NpgsqlTransaction, DateTimeOffset, Task<IResult?>>? admit = null)
    {
        var now = Timestamps.Now(time);
        // The thread is opened (or brought back) in the transaction that sends, so a reply refused anywhere — by the allowance's
        // spend, the last statement, or by anything before it — leaves no thread behind. Before 2026-12-07 the open was a
        // transaction of its own that only peeked at the allowance: concurrent replies at the edge all passed the peek, opened
        // their threads and all but one were refused in the second (OtherWriteAllowanceTests). One transaction takes the
        // thread's lock first, as a send does: an existing thread is locked by the open (ConversationsSql.FindDirect) before its
        // participant rows are written, and a new one is seen by nobody else before the commit.
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        var target = await find(tx, now);
        if (target is null) return Problems.NotFound(what);
        if (target.AuthorId == viewer) return Problems.Validation("id", $"You cannot reply to your own {what}.");
        if (!await ConversationsApi.AllReachableAsync(conn, tx, viewer, [target.AuthorId], ct)) return Problems.NotFound(what);
        var (conversationId, _) = await ConversationsApi.OpenDirectAsync(conn, tx, time, viewer, target.AuthorId, now, ct);
        if (await Membership.FindAsync(conn, tx, viewer, conversationId.ToString(), ct, lockThread: true) is null) return Problems.NotFound(what);
        // Its time is taken under the thread's lock, as a send takes it: taken before, a message that got into the thread
        // meanwhile would sort after the reply, and its sender's read mark would pass the reply unread (never counted,
        // never pushed, and in vanish mode gone unseen).
        now = Timestamps.Now(time);
        var messageId = Ids.New(time);
        // A block or a deactivation since the reachability check refuses the send, as MessagesApi.Send does.
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(MessagesSql.DirectPeerReachable,
                new { conversationId, viewer }, tx, cancellationToken: ct)))
            return Problems.Forbidden("You can't message this account.");
        if (admit is not null && await admit(tx, now) is { } refused) return refused;
        await conn.ExecuteAsync(new CommandDefinition(MessagesSql.Insert, new
        {
            id = messageId, conversationId, viewer, type, text, uploadId = (Guid?)null, blobName = (string?)null,
            sharedPostId = (Guid?)null, sharedStoryId = target.SharedStoryId, sharedReelId = (Guid?)null, sharedVideoId = (Guid?)null,
            replyToId = (Guid?)null, quotedNote = target.QuotedNote, now,
        }, tx, cancellationToken: ct));
        await messages.DeliverAsync(conn, tx, conversationId, isGroup: false, viewer, messageId, text, now, ct);
        // Read inside the transaction, as a send reads its message: read after the commit, the caller leaving the thread from
        // another device in between answered a reply that was sent with a 404, and a retry sent it twice.
        if (await messages.ViewAsync(conn, tx, viewer, messageId, ct) is not { } view) return Problems.NotFound(what);
        if (await messages.SpendAsync(conn, tx, viewer, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/messages/{messageId}", view);
    }

    /// <summary>The reply's words: required, as a text message's (ConversationRules.Text).</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadTextAsync(NpgsqlDataSource db, HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ReplyRequest>(request, ct);
        if (body.Error is not null) return (null, body.Error);
        var errors = new Validation();
        var text = ConversationRules.Text(await ComposedText.WrittenAsync(db, body.Value!.Text, ConversationRules.MaxTextLength, ct), errors);
        if (text is null && errors.IsValid) errors.Add("text", "This field is required.");
        return errors.IsValid ? (text, null) : (null, errors.ToProblem());
    }
}

/// <summary>POST /api/v1/notes/{id}/replies and /stories/{id}/replies: the reply's words.</summary>
public sealed record ReplyRequest(string? Text);
