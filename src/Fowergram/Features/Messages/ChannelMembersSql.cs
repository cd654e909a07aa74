using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Messages;

/// <summary>broadcast_channel_members (migration 0181): joining, leaving, removal, mute and the read marker.</summary>
internal static class ChannelMembersSql
{
    /// <summary>The history before joining counts as read: a new member's unread count starts at nothing.</summary>
    public const string Join = """
        INSERT INTO broadcast_channel_members (channel_id, user_id, joined_at, last_read_at) VALUES (@channelId, @viewer, @now, @now)
        ON CONFLICT (channel_id, user_id) DO NOTHING
        """;

    public const string WasRemoved = """
        SELECT EXISTS (SELECT 1 FROM broadcast_channel_members WHERE channel_id = @channelId AND user_id = @viewer AND removed_at IS NOT NULL)
        """;

    /// <summary>The caller accepted a co-host invitation to the channel (hosts are not members).</summary>
    public const string IsCohost = """
        SELECT EXISTS (SELECT 1 FROM broadcast_channel_hosts WHERE channel_id = @channelId AND user_id = @viewer AND accepted_at IS NOT NULL)
        """;

    /// <summary>
    /// A removed member's row stays (it keeps them out). Whether the caller's account is live (tokens outlive accounts: a gone
    /// one leaves nothing, 401) and the rows left, in the one statement the leave is rather than a query of its own.
    /// </summary>
    public const string Leave = """
        WITH caller AS (SELECT EXISTS (SELECT 1 FROM users WHERE id = @viewer AND deleted_at IS NULL AND is_active) AS live),
        gone AS (
            DELETE FROM broadcast_channel_members
             WHERE channel_id = @channelId AND user_id = @viewer AND removed_at IS NULL AND (SELECT live FROM caller)
            RETURNING 1)
        SELECT (SELECT live FROM caller) AS live, (SELECT count(*) FROM gone)::int AS left_count
        """;

    /// <summary>Owner's: the member by username; 0 rows when they are not one.</summary>
    public const string Remove = """
        UPDATE broadcast_channel_members SET removed_at = greatest(joined_at, @now)
         WHERE channel_id = @channelId AND removed_at IS NULL
           AND user_id = (SELECT id FROM users WHERE lower(username) = lower(@username))
        """;

    /// <summary>
    /// The member's own row of a channel they may see (<see cref="ChannelsSql.Readable"/>), written only while their account is
    /// live (<see cref="LiveCaller"/>): the check rides on the write, so mute and read marks cost the one statement they did.
    /// </summary>
    private static string OwnRow(string set) => LiveCaller.Guarded("@viewer", $"""
        UPDATE broadcast_channel_members m SET {set} FROM broadcast_channels c
         WHERE m.channel_id = @channelId AND m.user_id = @viewer AND m.removed_at IS NULL AND c.id = m.channel_id
           AND {ChannelsSql.Readable} AND {LiveCaller.IsLive}
        """);

    public static readonly string Mute = OwnRow("is_muted = @muted");

    /// <summary>Read up to the channel's newest message (the marker never moves back).</summary>
    public static readonly string MarkRead = OwnRow("""
        last_read_at = greatest(m.last_read_at,
            coalesce((SELECT max(created_at) FROM broadcast_channel_messages WHERE channel_id = @channelId), m.last_read_at))
        """);

    /// <summary>
    /// The channel's members, newest first, as a host (@viewer) may see them: gone and deactivated accounts, and those with a
    /// block either way with the reader, left out, as every list of accounts leaves them (followers, likers). Until 2026-12-07
    /// a co-host saw the member who had blocked them.
    /// </summary>
    public static readonly string Page = $"""
        SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private, cm.joined_at AS since
          FROM broadcast_channel_members cm JOIN users u ON u.id = cm.user_id AND u.deleted_at IS NULL AND u.is_active
         WHERE cm.channel_id = @channelId AND cm.removed_at IS NULL AND NOT {Fowergram.Platform.Visibility.Visibility.BlockedBetween("@viewer", "u.id")}
           AND {KeysetSql.Older("cm.joined_at", "cm.user_id")}
         ORDER BY cm.joined_at DESC, cm.user_id DESC LIMIT @take
        """;
}

/// <summary>A row of <see cref="ChannelMembersSql.Page"/>.</summary>
internal sealed class ChannelMemberRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public bool IsPrivate { get; init; }
    public DateTimeOffset Since { get; init; }

    public Fowergram.Features.Social.UserListItem ToItem() => new(Id, Username, FullName, Avatar, IsVerified, IsPrivate, Since);
}
