using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Scheduled channel messages' reads and their posting, shared by the routes and the scheduled-channel-messages job: a
/// message is inserted exactly as POST /channels/{id}/messages inserts one, from what was validated and claimed when it was
/// scheduled, and its row goes in the same transaction.
/// </summary>
public sealed class ScheduledChannelMessages(MediaUploads uploads, TimeProvider time)
{
    /// <summary>The scheduled messages of the channel the caller may see (all for its owner, else their own), soonest first.</summary>
    internal async Task<IReadOnlyList<ScheduledChannelMessageView>> VisibleAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid channelId,
        Guid viewer, bool isOwner, Guid? id, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<ScheduledChannelMessageRow>(new CommandDefinition(ScheduledChannelMessagesSql.Visible,
            new { channelId, viewer, isOwner, id }, tx, cancellationToken: ct));
        var views = new List<ScheduledChannelMessageView>();
        foreach (var row in rows) views.Add(await ViewAsync(row, ct));
        return views;
    }

    /// <summary>
    /// One of the channel's scheduled messages the caller may change (any for its owner, else their own), locked for update
    /// until <paramref name="tx"/> ends; null when there is none (never scheduled, cancelled, posted or dropped meanwhile). The
    /// caller locks the channel first, as the job does.
    /// </summary>
    internal static Task<ScheduledChannelMessageRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid channelId, Guid viewer, bool isOwner,
        Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<ScheduledChannelMessageRow>(new CommandDefinition(ScheduledChannelMessagesSql.LockVisible,
            new { id, channelId, viewer, isOwner }, tx, cancellationToken: ct));

    /// <summary>
    /// Why <paramref name="row"/>'s sender may no longer post it in <paramref name="channel"/> (as the sender sees it, locked
    /// by the caller), or null when they may: the channel ended or went out of their sight, or they are no longer a host.
    /// </summary>
    internal static string? Refusal(ChannelRow? channel) => channel switch
    {
        null => "the channel is gone, or you can no longer see it",
        { IsHost: false } => "you are no longer one of the channel's hosts",
        { EndedAt: not null } => "the channel has ended",
        _ => null,
    };

    /// <summary>The system notice telling a sender why their message in <paramref name="channelName"/> was not posted.</summary>
    internal static string DroppedNotice(string channelName, string refusal) => $"Your scheduled message in \"{channelName}\" was not posted: {refusal}.";

    /// <summary>Inserts the message now and removes the row, in <paramref name="tx"/> (the caller holds the channel and the row).</summary>
    internal async Task<Guid> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ScheduledChannelMessageRow row, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(ChannelMessagesSql.TakeTurn, new { channelId = row.ChannelId }, tx, cancellationToken: ct));
        var messageId = Ids.New(time);
        await conn.ExecuteAsync(new CommandDefinition(ChannelMessagesSql.Insert, new
        {
            id = messageId, channelId = row.ChannelId, viewer = row.SenderId, text = row.Content, uploadId = row.UploadId, blobName = row.MediaBlobName,
            mediaType = row.MediaType, question = row.PollQuestion, options = row.PollOptions, replyToId = (Guid?)null, now = Timestamps.Now(time),
        }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(ScheduledChannelMessagesSql.Published, new { id = row.Id }, tx, cancellationToken: ct));
        return messageId;
    }

    private async Task<ScheduledChannelMessageView> ViewAsync(ScheduledChannelMessageRow row, CancellationToken ct)
    {
        MessageMedia? media = null;
        if (row.MediaBlobName is not null)
        {
            // The sender's own claimed upload, read by its sender or the channel's owner, as a posted message's media is.
            var url = await uploads.CreateReadUrlAsync(row.MediaBlobName, row.ContentType!, ct);
            media = new MessageMedia(row.MediaType!, url.Url.AbsoluteUri, url.ExpiresAt);
        }
        return new ScheduledChannelMessageView(row.Id, row.ChannelId, row.SenderId, row.PublishAt, row.Content, media,
            row.PollQuestion is { } question ? new ScheduledChannelPoll(question, row.PollOptions ?? []) : null, row.CreatedAt,
            row.FailedAt is { } failedAt ? new ScheduledChannelFailure(failedAt, row.Failure ?? "") : null);
    }
}
