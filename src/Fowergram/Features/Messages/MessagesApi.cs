using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Features.Stories;
using Fowergram.Features.Videos;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.Media;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>Reading and writing messages: send (text, photo, video or voice message, shared post, story, reel or video, reply), edit, unsend.</summary>
public sealed class MessagesApi(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, MessageViews views, VanishingRule vanishing,
    WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    // 2,000 characters of emoji as most JSON writers escape them (\uD83D\uDE00: 12 bytes each) are 24,000 bytes.
    private const int BodyLimit = 32 * 1024;

    /// <summary>Newest first, from the caller's joining on.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        if (await Membership.FindAsync(conn, null, caller.UserId, id, ct) is not { } member) return Problems.NotFound("conversation");
        var rows = await KeysetQuery.PageAsync<MessageRow>(conn, MessagesSql.Page, page, new { conversationId = member.Id, joinedAt = member.JoinedAt, stillSince = vanishing.StillSince() },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(new Page<MessageView>(await views.BuildAsync(conn, null, caller.UserId, member.Id, member.JoinedAt, rows.Items, ct), rows.NextCursor));
    }

    /// <summary>
    /// GET /conversations/{id}/messages/search?q=: the messages of the thread the caller can see whose text holds q (any
    /// case), newest first in keyset pages, shown as the thread shows them.
    /// </summary>
    public async Task<IResult> Search(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!MessageSearchApi.TryReadTerm(request, out var contains, out var badTerm)) return badTerm!;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        if (await Membership.FindAsync(conn, null, caller.UserId, id, ct) is not { } member) return Problems.NotFound("conversation");
        var rows = await KeysetQuery.PageAsync<MessageRow>(conn, MessagesSql.Search, page,
            new { conversationId = member.Id, joinedAt = member.JoinedAt, contains, stillSince = vanishing.StillSince() }, r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(new Page<MessageView>(await views.BuildAsync(conn, null, caller.UserId, member.Id, member.JoinedAt, rows.Items, ct), rows.NextCursor));
    }

    public const int SearchTermMin = 2;
    public const int SearchTermMax = 100;

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Send(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => SendOnce(request, id, ct), ct);

    private async Task<IResult> SendOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<SendMessageRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var errors = new Validation();
        var text = ConversationRules.Text(await ComposedText.WrittenAsync(db, input.Text, ConversationRules.MaxTextLength, ct), errors);
        var attachments = new[] { input.UploadId, input.SharedPostId, input.SharedStoryId, input.SharedReelId, input.SharedVideoId }.Count(a => a is not null);
        if (attachments > 1)
            errors.Add("uploadId", "A message carries at most one of uploadId, sharedPostId, sharedStoryId, sharedReelId and sharedVideoId.");
        if (attachments == 0 && text is null)
            errors.Add("text", "This field is required unless the message carries a photo, a video, a voice message, a post, a story or a reel.");
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        // The thread first, as every write of a thread takes it: sends updating the thread and their participant rows in
        // one order, and edits, joins and leaves in another, deadlocked (a 500 found by ConcurrentRouteTests).
        if (await Membership.FindAsync(conn, tx, viewer, id, ct, lockThread: true) is not { } member) return Problems.NotFound("conversation");
        var thread = new { conversationId = member.Id, viewer, joinedAt = member.JoinedAt };
        if (!member.IsGroup && !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(MessagesSql.DirectPeerReachable, thread, tx, cancellationToken: ct)))
            return Problems.Forbidden("You can't message this account.");
        if (input.SharedPostId is { } postId && await PostAccess.FindAsync(conn, tx, viewer, postId, ct) is null) return Problems.NotFound("post");
        if (input.SharedStoryId is { } storyId && (await views.SharedStoriesAsync(conn, tx, viewer, [storyId], ct)).Count == 0)
            return Problems.NotFound("story");
        // A story sent into the one-to-one with its author answers it, whichever route it took: the author's "Allow replies and
        // reactions" decides, as for POST /stories/{id}/replies (else "off" could be got round by sharing the story back).
        if (input.SharedStoryId is { } answered && !member.IsGroup
            && await conn.ExecuteScalarAsync<bool>(new CommandDefinition(MessagesSql.StoryAuthorIsPeer,
                new { storyId = answered, conversationId = member.Id, viewer }, tx, cancellationToken: ct))
            && await StoryReplyAudience.RefusalAsync(conn, tx, answered, viewer, Timestamps.Now(time), StoryAnswer.Reply, ct) is { } refused)
            return refused;
        if (input.SharedReelId is { } reelId && await ReelAccess.FindAsync(conn, tx, viewer, reelId, ct) is null) return Problems.NotFound("reel");
        if (input.SharedVideoId is { } videoId && await VideoAccess.AuthorIfVisibleAsync(conn, tx, viewer, videoId, ct) is null)
            return Problems.NotFound("video");
        if (input.ReplyToId is { } replyToId && !(await conn.QueryAsync<Guid>(new CommandDefinition(MessagesSql.ReplyTarget,
                new { id = replyToId, conversationId = member.Id, joinedAt = member.JoinedAt, stillSince = vanishing.StillSince() }, tx, cancellationToken: ct))).Any())
            return Problems.NotFound("message");
        ClaimedMedia? media = null;
        if (input.UploadId is { } uploadId)
        {
            var claim = await uploads.ClaimAsync(conn, tx, viewer, uploadId, MediaPurpose.Message, ct);
            if (!claim.Succeeded) return claim.ToProblem("uploadId");
            media = claim.Media;
            // Returning before the commit rolls the claim back: the upload stays pending for a message it fits.
            if (media!.Kind == MediaKind.Audio && media.Facts.DurationSeconds > ConversationRules.MaxVoiceSeconds)
                return Problems.Validation("uploadId",
                    $"A voice message is at most {ConversationRules.MaxVoiceSeconds} seconds long; this one is {media.Facts.DurationSeconds}.");
        }

        var messageId = Ids.New(time);
        var now = Timestamps.Now(time);
        var type = media is not null ? media.Kind switch { MediaKind.Image => "image", MediaKind.Video => "video", _ => "audio" }
            : input.SharedPostId is not null ? "post_share" : input.SharedStoryId is not null ? "story_share"
            : input.SharedReelId is not null ? "reel_share" : input.SharedVideoId is not null ? "video_share" : "text";
        await conn.ExecuteAsync(new CommandDefinition(MessagesSql.Insert, new
        {
            id = messageId, conversationId = member.Id, viewer, type, text, uploadId = media?.UploadId, blobName = media?.ObjectName,
            input.SharedPostId, input.SharedStoryId, input.SharedReelId, input.SharedVideoId, replyToId = input.ReplyToId, quotedNote = (string?)null, now,
        }, tx, cancellationToken: ct));
        await MessageShares.RaiseAsync(conn, tx, time, viewer, [new SharedThing(messageId, input.SharedReelId, input.SharedVideoId)], removed: false, ct);
        await DeliverAsync(conn, tx, member.Id, member.IsGroup, viewer, messageId, text, now, ct);
        // Read inside the transaction: after the commit, the sender leaving the thread from another device could leave nothing to read.
        if (await ReadAsync(conn, tx, viewer, messageId, ct) is not { } sent) return Problems.NotFound("conversation");
        if (await allowances.SpendAsync(conn, tx, viewer, WriteKind.Message, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/messages/{messageId}", sent);
    }

    /// <summary>A sent message's slot of the sender's allowance (<see cref="WriteAllowances"/>), spent last in its transaction; the 429 when none is left.</summary>
    internal Task<IResult?> SpendAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid sender, CancellationToken ct) =>
        allowances.SpendAsync(conn, tx, sender, WriteKind.Message, ct);


    /// <summary>
    /// What follows storing a message, whatever sent it: the peer of a one-to-one who had deleted the chat comes back to it,
    /// the thread's time moves and the sender has read up to their own message (answering a request accepts it), and
    /// requests are hidden for those whose hidden words or limits it meets (<see cref="RequestFilter"/>), and a peer in quiet
    /// mode answers automatically (<see cref="QuietReplies"/>).
    /// </summary>
    internal async Task DeliverAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid conversationId, bool isGroup, Guid sender,
        Guid messageId, string? text, DateTimeOffset now, CancellationToken ct)
    {
        if (!isGroup)
        {
            // A peer who deleted the chat comes back with its read mark cleared: what it read in vanish mode goes first.
            await MessageVanishJob.VanishBeforeReturnAsync(conn, tx, time, conversationId, now, ct);
            await conn.ExecuteAsync(new CommandDefinition(MessagesSql.ReturnDirectPeer, new { conversationId, viewer = sender, now }, tx, cancellationToken: ct));
        }
        await conn.ExecuteAsync(new CommandDefinition(MessagesSql.AfterSend, new { conversationId, viewer = sender, id = messageId, now }, tx, cancellationToken: ct));
        await RequestFilter.ApplyAsync(conn, tx, conversationId, sender, text, now, ct);
        await QuietReplies.AnswerAsync(conn, tx, conversationId, isGroup, sender, now, ct);
    }

    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var messageId)) return Problems.NotFound("message");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        return await ReadAsync(conn, null, caller.UserId, messageId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("message");
    }

    /// <summary>The sender edits a text within <see cref="ConversationRules.EditWindow"/> of sending it.</summary>
    public async Task<IResult> Edit(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<EditMessageRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var text = ConversationRules.Text(await ComposedText.WrittenAsync(db, body.Value!.Text, ConversationRules.MaxTextLength, ct), errors);
        if (text is null) errors.Add("text", "This field is required.");
        if (!errors.IsValid) return errors.ToProblem();

        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        // The thread before the message's row, as a send takes it: the edit goes on to hide requests (participant rows), and
        // taking those after its message, in index order, it held a recipient's row while a send held the sender's row and
        // waited for that recipient's: a deadlock (MessageEditLockTests).
        if (Guid.TryParse(id, out var messageId))
            await conn.ExecuteAsync(new CommandDefinition(MessagesSql.LockThreadOf, new { messageId, viewer }, tx, cancellationToken: ct));
        if (await OwnAsync(conn, tx, viewer, id, ct, lockRow: true) is not { } message) return Problems.NotFound("message");
        // An edit reaches the other side as a message does: past a block, a one-to-one takes neither (reliability checklist 9).
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(MessagesSql.ThreadWritable,
                new { conversationId = message.ConversationId, viewer }, tx, cancellationToken: ct)))
            return Problems.Forbidden("You can't message this account.");
        if (message.MessageType == MessageViews.Removed) return Problems.Conflict("This message was removed; it cannot be edited.");
        if (message.Vanishes) return Problems.Conflict("A message sent in vanish mode can't be edited; unsend it instead.");
        if (message.MessageType != "text") return Problems.Conflict("Only text messages can be edited; unsend this one instead.");
        if (message.CreatedAt + ConversationRules.EditWindow < time.GetUtcNow())
            return Problems.Conflict($"A message can be edited for {ConversationRules.EditWindow.TotalMinutes:0} minutes after it was sent.");
        await conn.ExecuteAsync(new CommandDefinition(MessagesSql.Edit, new { messageId = message.Id, viewer, text }, tx, cancellationToken: ct));
        // The new words meet the recipients' hidden words as a send's do: else a clean request edited into a hidden word
        // stood among their requests. (No cycle with a send: both hold the thread first.)
        await RequestFilter.ApplyAsync(conn, tx, message.ConversationId, viewer, text, Timestamps.Now(time), ct);
        if (await ReadAsync(conn, tx, viewer, message.Id, ct) is not { } view) return Problems.NotFound("message");
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>Unsending removes the message for everyone in the thread.</summary>
    public async Task<IResult> Unsend(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The thread first, as a send takes it: the thread's time is set back to its newest message left, which a send stamping
        // a newer one meanwhile must not be overtaken by (it comes wholly before or after, and moves the time itself).
        if (Guid.TryParse(id, out var messageId))
            await conn.ExecuteAsync(new CommandDefinition(MessagesSql.LockThreadOf, new { messageId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (await OwnAsync(conn, tx, caller.UserId, id, ct) is not { } message) return Problems.NotFound("message");
        if (!await MessageTakedown.RemoveAsync(conn, tx, time, caller.UserId, message.Id, caller.UserId, Timestamps.Now(time), ct))
            return Problems.NotFound("message");
        // Left at the unsent message, the thread kept its trace: listed to a recipient who had nothing else from the sender
        // (an empty request), ordered and dated by a message nobody can read any more.
        await conn.ExecuteAsync(new CommandDefinition(MessagesSql.ActivityBack, new { conversationId = message.ConversationId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// A message the caller sent, in a thread they are still in (anyone else's is a 404, as for every owner-scoped write);
    /// with <paramref name="lockRow"/>, locked until <paramref name="tx"/> ends.
    /// </summary>
    private async Task<MessageRow?> OwnAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, string rawId, CancellationToken ct,
        bool lockRow = false)
    {
        if (!Guid.TryParse(rawId, out var messageId)) return null;
        var row = await conn.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(lockRow ? MessagesSql.LockOne : MessagesSql.One, new { messageId, viewer, stillSince = vanishing.StillSince() }, tx, cancellationToken: ct));
        return row?.SenderId == viewer ? row : null;
    }

    /// <summary>
    /// One message as the caller sees it, when they are a current participant who can see it. In <paramref name="tx"/>: a write answering with it (a reaction, a reply) reads it before it commits, since
    /// an unsend or the caller leaving the thread committed right after it would leave a read after the commit nothing — a 404
    /// for a write that stood, which a client retrying a reply sent twice.
    /// </summary>
    internal Task<MessageView?> ViewAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, Guid messageId, CancellationToken ct) =>
        ReadAsync(conn, tx, viewer, messageId, ct);

    private async Task<MessageView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, Guid messageId, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(MessagesSql.One, new { messageId, viewer, stillSince = vanishing.StillSince() }, tx, cancellationToken: ct));
        if (row is null) return null;
        return (await views.BuildAsync(conn, tx, viewer, row.ConversationId, row.ReaderJoinedAt, [row], ct))[0];
    }
}
