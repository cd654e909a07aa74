using Dapper;
using Fowergram.Features.Social;
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
/// /channels/{id}/scheduled-messages: a host writes a message now and it is posted later (docs/messages.md "Scheduled
/// messages"), as ScheduledReelsApi does for reels. A co-host sees and changes their own; the owner sees and may cancel all.
/// Members are refused (403), visitors who cannot see the channel get 404, and so does anyone's id the caller may not see.
/// </summary>
public sealed class ScheduledChannelMessagesApi(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, ScheduledChannelMessages scheduled,
    ChannelMessageViews views, WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    private const int BodyLimit = 16 * 1024;

    /// <summary>
    /// POST: validated as a message posted now (but without replyToId) and <c>publishAt</c> 10 minutes to 75 days ahead; the
    /// upload claimed at once, so a bad file is answered now and it cannot expire meanwhile.
    /// </summary>
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, id, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        var body = await JsonBody.ReadAsync<ScheduleChannelMessageRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var (text, poll) = await ChannelTexts.ComposedAsync(db, input.Text, input.Poll, ct);
        input = input with { Text = text, Poll = poll };
        var errors = new Validation();
        var content = ChannelMessageContent.Validate(input.Text, input.UploadId, input.Poll, null, errors);
        var publishAt = ScheduledChannelMessageRules.PublishAt(input.PublishAt, Timestamps.Now(time), errors);
        if (input.ReplyToId is not null) errors.Add("replyToId", "A scheduled message cannot reply: the message it quotes may be gone by then.");
        if (!errors.IsValid || content is null || publishAt is null) return errors.ToProblem();

        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        // Update: schedulings of one channel take turns, so two at once cannot both pass the count.
        if (await ChannelAccess.FindAsync(conn, tx, viewer, channelId, ct, ChannelLock.Update) is not { } channel) return Problems.NotFound("channel");
        if (!channel.IsHost) return Problems.Forbidden("Only the channel's owner and co-hosts schedule messages in it.");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; it takes no new messages.");
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(ScheduledChannelMessagesSql.CountPending, new { channelId }, tx,
                cancellationToken: ct)) >= ScheduledChannelMessageRules.MaxPending)
            return Problems.Conflict($"At most {ScheduledChannelMessageRules.MaxPending} messages can wait in a channel; publish or cancel one first.");
        var (media, problem) = await ChannelMessageContent.ClaimAsync(uploads, conn, tx, viewer, input.UploadId, ct);
        if (problem is not null) return problem;
        var scheduledId = Ids.New(time);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.Insert, new
        {
            id = scheduledId, channelId, viewer, publishAt, text = content.Text, uploadId = media?.UploadId, blobName = media?.ObjectName,
            mediaType = ChannelMessageContent.MediaType(media), question = content.Poll?.Question, options = content.Poll?.Options,
            now = Timestamps.Now(time),
        }, tx, cancellationToken: ct));
        var created = await scheduled.VisibleAsync(conn, tx, channelId, viewer, false, scheduledId, ct);
        // Spent when scheduled, not when posted: a job never loses a message to a 429, and the count stops a flood at its source.
        if (await allowances.SpendAsync(conn, tx, viewer, WriteKind.ChannelMessage, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/channels/{channelId}/scheduled-messages/{scheduledId}", created.Single());
    }

    /// <summary>GET: the owner sees every scheduled message of the channel, a co-host their own; soonest first (at most 25, one answer).</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        var (channel, refused) = await ChannelAccess.ReadAsync(conn, caller.UserId, channelId, ct);
        if (channel is null) return refused!;
        if (!channel.IsHost) return Problems.Forbidden("Only the channel's owner and co-hosts see its scheduled messages.");
        return Api.Ok(new ItemsResponse<ScheduledChannelMessageView>(
            await scheduled.VisibleAsync(conn, null, channelId, caller.UserId, channel.Role == "owner", null, ct)));
    }

    /// <summary>DELETE: the sender or the channel's owner cancels it; its upload is released for media clean-up.</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, string scheduledId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(scheduledId, out var target)) return Problems.NotFound("scheduled message");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct) is not { IsHost: true } channel)
            return Problems.NotFound("scheduled message");
        if (await ScheduledChannelMessages.LockAsync(conn, tx, channelId, caller.UserId, channel.Role == "owner", target, ct) is null)
            return Problems.NotFound("scheduled message");
        await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.Cancel, new { id = target, now = Timestamps.Now(time) }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>POST …/publish: its sender posts it now instead of at its time; 201 with the message, as POST …/messages answers.</summary>
    public async Task<IResult> Publish(HttpRequest request, string id, string scheduledId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(scheduledId, out var target)) return Problems.NotFound("scheduled message");
        var viewer = caller.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, viewer, ct)) return Problems.AccountGone();
        // The channel first, then the row: the order of the job and of ending a channel, so none of them deadlocks another.
        if (await ChannelAccess.FindAsync(conn, tx, viewer, channelId, ct) is not { IsHost: true } channel) return Problems.NotFound("scheduled message");
        // Only its sender: the message is posted in their name. Never scheduled, cancelled, or posted by the job meanwhile: 404.
        if (await ScheduledChannelMessages.LockAsync(conn, tx, channelId, viewer, false, target, ct) is not { } row) return Problems.NotFound("scheduled message");
        if (channel.EndedAt is not null) return Problems.Conflict("This channel has ended; it takes no new messages.");
        var messageId = await scheduled.PublishAsync(conn, tx, row, ct);
        var sent = await views.OneAsync(conn, tx, viewer, channelId, messageId, ct);
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/channels/{channelId}/messages/{messageId}", sent!);
    }
}
