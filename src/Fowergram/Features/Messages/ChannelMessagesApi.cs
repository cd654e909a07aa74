using Dapper;
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

/// <summary>
/// The messages of broadcast channels: the owner and co-hosts post (text, media, polls) and delete; the channel's readers
/// (hosts and members) read them newest first, vote in polls and react. Members never write messages: a one-to-many chat.
/// </summary>
public sealed class ChannelMessagesApi(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, ChannelMessageViews views, WriteAllowances allowances,
    TimeProvider time, IdempotentRequests idempotency)
{
    private const int BodyLimit = 16 * 1024;

    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var (channel, refused) = await ChannelAccess.ReadAsync(conn, caller.UserId, channelId, ct);
        if (channel is null) return refused!;
        if (!channel.IsReader) return Problems.Forbidden("Join the channel to read its messages.");
        var rows = await KeysetQuery.PageAsync<ChannelMessageRow>(conn, ChannelMessagesSql.Page, page, new { channelId, viewer = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(new Page<ChannelMessageView>(await views.BuildAsync(conn, null, caller.UserId, rows.Items, ct), rows.NextCursor));
    }

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Post(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => PostOnce(request, id, ct), ct);

    private async Task<IResult> PostOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        var body = await JsonBody.ReadAsync<PostChannelMessageRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var (text, poll) = await ChannelTexts.ComposedAsync(db, input.Text, input.Poll, ct);
        input = input with { Text = text, Poll = poll };
        var errors = new Validation();
        if (ChannelMessageContent.Validate(input.Text, input.UploadId, input.Poll, input.ReplyToId, errors) is not { } content) return errors.ToProblem();

        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, tx, viewer, channelId, ct) is not { } channel) return Problems.NotFound("channel");
        if (!channel.IsHost) return Problems.Forbidden("Only the channel's owner and co-hosts post in it; members read, react and vote.");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; it takes no new messages.");
        // The quoted message is key-share locked until the reply commits: a delete committing first leaves nothing to
        // quote (404), one coming second waits and then sets the reply's reply_to_id to NULL (the quote shows as unavailable).
        if (input.ReplyToId is { } replyToId)
        {
            var quoted = await conn.QuerySingleOrDefaultAsync<ChannelMessageRow>(new CommandDefinition(ChannelMessagesSql.LockOne,
                new { messageId = replyToId, channelId, viewer }, tx, cancellationToken: ct));
            if (quoted is null) return Problems.NotFound("message");
            // A tombstone has nothing to quote: what it said is kept for its appeal only.
            if (quoted.RemovedAt is not null) return Problems.Conflict("This message was removed by a moderator; it cannot be replied to.");
        }
        var (media, problem) = await ChannelMessageContent.ClaimAsync(uploads, conn, tx, viewer, input.UploadId, ct);
        if (problem is not null) return problem;
        await conn.ExecuteAsync(new CommandDefinition(ChannelMessagesSql.TakeTurn, new { channelId }, tx, cancellationToken: ct));
        var messageId = Ids.New(time);
        await conn.ExecuteAsync(new CommandDefinition(ChannelMessagesSql.Insert, new
        {
            id = messageId, channelId, viewer, text = content.Text, uploadId = media?.UploadId, blobName = media?.ObjectName,
            mediaType = ChannelMessageContent.MediaType(media), question = content.Poll?.Question, options = content.Poll?.Options, input.ReplyToId, now = Timestamps.Now(time),
        }, tx, cancellationToken: ct));
        var sent = await views.OneAsync(conn, tx, viewer, channelId, messageId, ct);
        if (await allowances.SpendAsync(conn, tx, viewer, WriteKind.ChannelMessage, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/channels/{channelId}/messages/{messageId}", sent!);
    }

    /// <summary>The sender deletes their message, the owner any message of their channel (204; 404 for anyone else).</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, string messageId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(messageId, out var message)) return Problems.NotFound("message");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct) is not { IsHost: true } channel) return Problems.NotFound("message");
        var deleted = await conn.ExecuteScalarAsync<int>(new CommandDefinition(ChannelMessagesSql.Delete,
            new { messageId = message, channelId, viewer = caller.UserId, isOwner = channel.Role == "owner", now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (deleted == 0) return Problems.NotFound("message");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>PUT …/vote {option}: the caller's one vote in a poll, changeable while the channel is live.</summary>
    public async Task<IResult> Vote(HttpRequest request, string id, string messageId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(messageId, out var message)) return Problems.NotFound("message");
        var body = await JsonBody.ReadAsync<ChannelVoteRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Option is not { } option || option < 0) return Problems.Validation("option", "Required: the index of an option, from 0.");
        return await InteractAsync(caller.UserId, channelId, message, ct, async (conn, tx, row) =>
        {
            if (row.PollOptions is null) return Problems.Conflict("This message is not a poll.");
            if (option >= row.PollOptions.Length) return Problems.Validation("option", $"This poll has {row.PollOptions.Length} options: 0 to {row.PollOptions.Length - 1}.");
            await conn.ExecuteAsync(new CommandDefinition(ChannelMessagesSql.Vote,
                new { messageId = message, viewer = caller.UserId, option = (short)option, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
            return null;
        });
    }

    /// <summary>PUT …/reaction {emoji}: the caller's one reaction (a new emoji replaces it), as DM reactions.</summary>
    public async Task<IResult> React(HttpRequest request, string id, string messageId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(messageId, out var message)) return Problems.NotFound("message");
        var body = await JsonBody.ReadAsync<ReactRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (MessageReactionsApi.Emoji(body.Value!.Emoji) is not { } emoji) return Problems.Validation("emoji", "Required: one emoji, like ❤️ or 😂.");
        return await InteractAsync(caller.UserId, channelId, message, ct, async (conn, tx, _) =>
        {
            await conn.ExecuteAsync(new CommandDefinition(ChannelMessagesSql.React,
                new { messageId = message, viewer = caller.UserId, emoji, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
            return null;
        });
    }

    /// <summary>Takes the caller's reaction back (204 whether or not there was one; 404 for a message not in this channel).</summary>
    public async Task<IResult> Unreact(HttpRequest request, string id, string messageId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(messageId, out var message)) return Problems.NotFound("message");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, null, caller.UserId, channelId, ct) is not { IsReader: true }) return Problems.NotFound("message");
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ChannelMessagesSql.Unreact,
            new { messageId = message, channelId, viewer = caller.UserId }, cancellationToken: ct))
            ? Api.NoContent() : Problems.NotFound("message");
    }

    /// <summary>
    /// A reader's vote or reaction: the message, key-share locked so a delete commits before (404) or after (taking the
    /// vote with it); the channel live. <paramref name="apply"/> answers a problem or null (then the message is returned).
    /// </summary>
    private async Task<IResult> InteractAsync(Guid viewer, Guid channelId, Guid messageId, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, ChannelMessageRow, Task<IResult?>> apply)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, tx, viewer, channelId, ct) is not { IsReader: true } channel) return Problems.NotFound("message");
        var row = await conn.QuerySingleOrDefaultAsync<ChannelMessageRow>(new CommandDefinition(ChannelMessagesSql.LockOne,
            new { messageId, channelId, viewer }, tx, cancellationToken: ct));
        if (row is null) return Problems.NotFound("message");
        if (row.RemovedAt is not null) return Problems.Conflict("This message was removed; it takes no votes or reactions.");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; its messages take no more votes or reactions.");
        if (await apply(conn, tx, row) is { } problem) return problem;
        // Read as the reader sees it, which a block by the sender committed since the checks above hides: then the message is
        // gone for them (404, the vote or reaction rolled back), as it is a moment later — not a 200 with no body.
        if (await views.OneAsync(conn, tx, viewer, channelId, messageId, ct) is not { } view) return Problems.NotFound("message");
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }
}
