using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// broadcast_channel_hosts (migration 0181): the owner's co-host invitations and their answers. The invitation's notice
/// (channel_cohost_invite) names the channel as its entity (migration 0202: shown while the invitation can be taken up), the
/// owner as its actor and the channel's name as its message; it is found again by its time, the invitation's.
/// </summary>
internal static class ChannelHostsSql
{
    public const string Count = "SELECT count(*)::int FROM broadcast_channel_hosts WHERE channel_id = @channelId";

    public const string Exists = "SELECT EXISTS (SELECT 1 FROM broadcast_channel_hosts WHERE channel_id = @channelId AND user_id = @userId)";

    /// <summary>The invitee may see the owner's content (a private account's follower, no block either way).</summary>
    public static readonly string MaySee = $"SELECT {VisibilityPolicy.ContentFilter("@owner", "@userId")}";

    public const string Invite = """
        WITH invited AS (
            INSERT INTO broadcast_channel_hosts (channel_id, user_id, invited_at) VALUES (@channelId, @userId, @now)
            ON CONFLICT (channel_id, user_id) DO NOTHING
            RETURNING user_id)
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
        SELECT gen_random_uuid(), user_id, @owner, 'channel_cohost_invite', 'broadcast_channel', @channelId, @name, @now FROM invited
        """;

    /// <summary>
    /// The row of @userId, deleted (withdrawn, declined, stepped down), with its notice if it was still open: the one naming
    /// this channel, or one from before migration 0202 that it could not place (naming the owner).
    /// </summary>
    public const string Delete = """
        WITH gone AS (
            DELETE FROM broadcast_channel_hosts WHERE channel_id = @channelId AND user_id = @userId
            RETURNING user_id, invited_at, accepted_at)
        DELETE FROM notifications n USING gone
         WHERE n.user_id = gone.user_id AND n.type = 'channel_cohost_invite' AND n.actor_id = @owner AND n.created_at = gone.invited_at
           AND (n.entity_id = @channelId OR n.entity_type = 'user') AND gone.accepted_at IS NULL
        """;

    public const string Gone = "SELECT NOT EXISTS (SELECT 1 FROM broadcast_channel_hosts WHERE channel_id = @channelId AND user_id = @userId)";

    /// <summary>A co-host is not a member too: their member row (a removed member's included) goes as they accept.</summary>
    public const string Accept = """
        WITH accepted AS (
            UPDATE broadcast_channel_hosts SET accepted_at = greatest(invited_at, @now)
             WHERE channel_id = @channelId AND user_id = @userId AND accepted_at IS NULL RETURNING user_id)
        DELETE FROM broadcast_channel_members m USING accepted WHERE m.channel_id = @channelId AND m.user_id = accepted.user_id
        """;

    public const string UserId = "SELECT id FROM users WHERE lower(username) = lower(@username)";
}
