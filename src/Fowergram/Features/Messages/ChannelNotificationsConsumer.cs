using Dapper;
using Fowergram.Platform.Events;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// channel_invite to the owner's followers when a broadcast channel is created: one notice each, written by one statement
/// from the follows_followers index, newest followers first and at most <see cref="MaxRecipients"/> (an account with more
/// followers invites its most recent ones; the rest find the channel on its profile). Only while the channel is still live
/// at delivery, never to a gone account or across a block, and at most once per follower and owner in
/// <see cref="InviteInterval"/>: ending a channel and creating another must not become a way to notify every follower at will
/// (probed by notifications_pair; the rest find the new channel on the owner's profile). Idempotent through ConsumerRunner: the processed marker commits
/// with the notices. New messages notify nobody: a channel's members may be many, and a notice per member per message
/// would be a fan-out per message; members see unread counts instead (GET /users/me/channels). The notice names the channel
/// as its entity and its owner as its actor (migration 0202): the inbox shows it while the channel can be joined.
/// </summary>
public sealed class ChannelNotificationsConsumer : IEventConsumer
{
    public const string ConsumerName = "channel-notifications";

    /// <summary>The invitation's audience at most: a bound on one event's statement, as large as a large account's daily notices.</summary>
    public const int MaxRecipients = 10_000;

    /// <summary>How often one owner may invite the same follower to a channel.</summary>
    public static readonly TimeSpan InviteInterval = TimeSpan.FromDays(7);

    private static readonly string Notify = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
        SELECT gen_random_uuid(), f.follower_id, c.owner_id, 'channel_invite', 'broadcast_channel', c.id, c.name, @at
          FROM broadcast_channels c
          JOIN users o ON o.id = c.owner_id AND o.deleted_at IS NULL AND o.is_active
          CROSS JOIN LATERAL (SELECT fo.follower_id FROM follows fo WHERE fo.following_id = c.owner_id
                               ORDER BY fo.created_at DESC, fo.follower_id DESC LIMIT {MaxRecipients}) f
          JOIN users r ON r.id = f.follower_id AND r.deleted_at IS NULL AND r.is_active
         WHERE c.id = @channelId AND c.ended_at IS NULL AND c.removed_at IS NULL AND NOT {VisibilityPolicy.BlockedBetween("c.owner_id", "f.follower_id")}
           AND NOT EXISTS (SELECT 1 FROM notifications n
                            WHERE n.actor_id = c.owner_id AND n.user_id = f.follower_id AND n.type = 'channel_invite'
                              AND n.created_at > @since)
        """;

    /// <summary>
    /// One owner's invitations take turns: two channels created a moment apart, their events handled at once by two instances,
    /// each found no invitation the other had not committed yet and both invited every follower, twice within
    /// <see cref="InviteInterval"/>. Taken in its own statement, so the second's read sees what the first wrote.
    /// </summary>
    private const string OneOwnerAtATime = "SELECT pg_advisory_xact_lock(hashtext('channel-notifications'), hashtext(@ownerId::text))";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType == ChannelEvents.Created;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var e = envelope.PayloadAs<ChannelEvent>();
        await connection.ExecuteAsync(new CommandDefinition(OneOwnerAtATime, new { ownerId = e.OwnerId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Notify, new { channelId = e.ChannelId, at = envelope.OccurredAt, since = envelope.OccurredAt - InviteInterval }, transaction, cancellationToken: ct));
    }
}
