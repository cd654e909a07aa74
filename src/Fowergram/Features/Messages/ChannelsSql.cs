using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Visibility;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// Broadcast channels (migration 0181). Whether the caller (@viewer) may see a channel is decided here, at read time, for
/// every statement: the owner's content must be visible to them (<see cref="VisibilityPolicy.ContentFilter"/>: a live
/// owner, public or followed, no block either way), and an ended channel is its hosts' and members' alone.
/// </summary>
internal static class ChannelsSql
{
    /// <summary>The caller's co-host row (h) and member row (m, unless removed) beside the channel (c) and its owner (o).</summary>
    private static readonly string From = """
          FROM broadcast_channels c JOIN users o ON o.id = c.owner_id
          LEFT JOIN broadcast_channel_hosts h ON h.channel_id = c.id AND h.user_id = @viewer
          LEFT JOIN broadcast_channel_members m ON m.channel_id = c.id AND m.user_id = @viewer AND m.removed_at IS NULL
        """;

    /// <summary>The channel is the caller's to see (binds @viewer; a removed one is nobody's: docs/moderation.md).</summary>
    public static readonly string Readable = ChannelVisibility.Seen("c");

    /// <summary>
    /// Channel c may be offered to the caller while it is limited in review (ReviewLimit; docs/moderation.md): it is not, or the
    /// caller owns, co-hosts or is a member of it, or follows its owner. So suggestions, trending and search stop offering it to
    /// strangers, never to the people who chose its owner or the channel. The probe of reports_target comes first: almost every
    /// channel has no report, and the rest is read only for a limited one.
    /// </summary>
    public static readonly string NotLimitedForStrangers = $"""
        ({ReviewLimit.NotLimited("broadcast_channel", "c.id")} OR c.owner_id = @viewer
         OR EXISTS (SELECT 1 FROM follows lf WHERE lf.follower_id = @viewer AND lf.following_id = c.owner_id)
         OR EXISTS (SELECT 1 FROM broadcast_channel_hosts lh WHERE lh.channel_id = c.id AND lh.user_id = @viewer AND lh.accepted_at IS NOT NULL)
         OR EXISTS (SELECT 1 FROM broadcast_channel_members lm WHERE lm.channel_id = c.id AND lm.user_id = @viewer AND lm.removed_at IS NULL))
        """;

    /// <summary>
    /// A channel as the caller sees it; the member count counts live accounts, the unread count (members only) the messages
    /// after their read marker whose sender they may see — live, no block either way, as the page (ChannelMessagesSql) shows
    /// them — up to one past the cap.
    /// </summary>
    private static readonly string Select = $"""
        SELECT c.id, c.owner_id, o.username AS owner_username, o.full_name AS owner_full_name, o.avatar AS owner_avatar,
               o.is_verified AS owner_is_verified, c.name, c.description, c.created_at, c.ended_at,
               CASE WHEN c.owner_id = @viewer THEN 'owner' WHEN h.accepted_at IS NOT NULL THEN 'cohost' WHEN m.user_id IS NOT NULL THEN 'member' END AS role,
               (h.user_id IS NOT NULL AND h.accepted_at IS NULL) AS is_invited, m.is_muted, m.last_read_at,
               (SELECT count(*)::int FROM broadcast_channel_members cm JOIN users cu ON cu.id = cm.user_id AND cu.deleted_at IS NULL AND cu.is_active
                 WHERE cm.channel_id = c.id AND cm.removed_at IS NULL) AS member_count,
               CASE WHEN m.user_id IS NOT NULL THEN
                   (SELECT count(*)::int FROM (SELECT 1 FROM broadcast_channel_messages um
                                                WHERE um.channel_id = c.id AND um.created_at > m.last_read_at
                                                  AND EXISTS (SELECT 1 FROM users us WHERE us.id = um.sender_id AND us.deleted_at IS NULL AND us.is_active)
                                                  AND NOT {VisibilityPolicy.BlockedBetween("@viewer", "um.sender_id")}
                                                LIMIT {ChannelRules.UnreadCap + 1}) unread) END AS unread_count
        """;

    /// <summary>One channel the caller may see (@channelId).</summary>
    public static readonly string One = $"""
        {Select}
        {From}
         WHERE c.id = @channelId AND {Readable}
        """;

    /// <summary>
    /// <see cref="One"/> for a read, while the caller's account is live: a token that outlived its account reads nothing, and
    /// only the route's 404 probes the account for the 401 (docs/accounts.md "Sessions"). No round trip of its own.
    /// </summary>
    public static readonly string OneShown = $"{One} AND {LiveCaller.Is("@viewer")}";

    /// <summary>An owner's channels (@ownerId) the caller may see, newest first.</summary>
    public static readonly string OfOwner = $"""
        {Select}, c.created_at AS since
        {From}
         WHERE c.owner_id = @ownerId AND {Readable} AND {KeysetSql.Older("c.created_at", "c.id")}
         ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>The words a channel is found by (broadcast_channels_words): the index's expression, which the queries repeat exactly.</summary>
    public const string Words = "c.name || ' ' || coalesce(c.description, '')";

    /// <summary>
    /// Live channels the caller may see whose name and description hold every word of @q, newest first (GET /search/channels);
    /// one limited while in review only for its audience (<see cref="NotLimitedForStrangers"/>).
    /// </summary>
    public static readonly string Search = $"""
        {Select}, c.created_at AS since
        {From}
         WHERE to_tsvector('simple', {Words}) @@ websearch_to_tsquery('simple', @q) AND c.ended_at IS NULL AND {Readable} AND {NotLimitedForStrangers}
           AND {KeysetSql.Older("c.created_at", "c.id")}
         ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>
    /// Live channel c is the caller's to see and they have no place in it: not owned, co-hosted, invited to co-host, joined or
    /// removed from; and, limited while in review, only when they follow its owner (<see cref="NotLimitedForStrangers"/>).
    /// </summary>
    private static readonly string LiveWithoutPlace = $"""
        c.ended_at IS NULL AND c.removed_at IS NULL AND c.owner_id <> @viewer AND {Readable} AND {NotLimitedForStrangers}
        AND NOT EXISTS (SELECT 1 FROM broadcast_channel_hosts xh WHERE xh.channel_id = c.id AND xh.user_id = @viewer)
        AND NOT EXISTS (SELECT 1 FROM broadcast_channel_members xm WHERE xm.channel_id = c.id AND xm.user_id = @viewer)
        """;

    /// <summary>Channel c's member rows counted up to <see cref="ChannelRules.SuggestionRankCap"/>: a rank's tie-breaker, as cheap for a huge channel as for a small one.</summary>
    private static readonly string RankMembers = $"""
        (SELECT count(*) FROM (SELECT 1 FROM broadcast_channel_members rm WHERE rm.channel_id = c.id AND rm.removed_at IS NULL
                                LIMIT {ChannelRules.SuggestionRankCap}) counted)
        """;

    /// <summary>The channels a ranking picked (<paramref name="picked"/>: their ids with the columns of <paramref name="order"/>), as the caller sees them, in that order.</summary>
    private static string Picked(string picked, string order) => $"""
        {Select}
          FROM ({picked}) picked
          JOIN broadcast_channels c ON c.id = picked.id JOIN users o ON o.id = c.owner_id
          LEFT JOIN broadcast_channel_hosts h ON h.channel_id = c.id AND h.user_id = @viewer
          LEFT JOIN broadcast_channel_members m ON m.channel_id = c.id AND m.user_id = @viewer AND m.removed_at IS NULL
         ORDER BY {order}
        """;

    /// <summary>
    /// Channels suggested to the caller (GET /channels/suggested): live ones they may see and have no place in, those of
    /// accounts they follow first, then by members. Bounded whatever the tables' sizes: the candidates are the newest
    /// <see cref="ChannelRules.SuggestionPool"/> live channels of the followed accounts (broadcast_channels_owner) and as
    /// many of everyone's (broadcast_channels_live); they are ranked by <see cref="RankMembers"/>, and only the chosen few
    /// get the exact member count of <see cref="Select"/>.
    /// </summary>
    public static readonly string Suggested = Picked($"""
        SELECT c.id, s.followed, c.created_at, {RankMembers} AS members
          FROM (SELECT pool.id, bool_or(pool.followed) AS followed
                  FROM ((SELECT fc.id, true AS followed FROM follows f JOIN broadcast_channels fc ON fc.owner_id = f.following_id
                          WHERE f.follower_id = @viewer AND fc.ended_at IS NULL AND fc.removed_at IS NULL
                          ORDER BY fc.created_at DESC, fc.id DESC LIMIT {ChannelRules.SuggestionPool})
                        UNION ALL
                        (SELECT ac.id, false FROM broadcast_channels ac WHERE ac.ended_at IS NULL AND ac.removed_at IS NULL
                          ORDER BY ac.created_at DESC, ac.id DESC LIMIT {ChannelRules.SuggestionPool})) pool
                 GROUP BY pool.id) s
          JOIN broadcast_channels c ON c.id = s.id
         WHERE {LiveWithoutPlace}
         ORDER BY s.followed DESC, members DESC, c.created_at DESC, c.id DESC LIMIT @limit
        """, "picked.followed DESC, picked.members DESC, picked.created_at DESC, picked.id DESC");

    /// <summary>
    /// Trending channels (GET /channels/trending): live ones the caller may see and has no place in, ranked by their members
    /// who joined since @since and are members still, then by <see cref="RankMembers"/>, then newest. The week's member rows
    /// come from broadcast_channel_members_recent (joined_at, channel_id); the <see cref="ChannelRules.TrendingPool"/>
    /// channels with the most of them (newest among equal) are the only ones whose total members are counted, and only the
    /// chosen few get the exact member count of <see cref="Select"/>. Nothing for a token whose account is gone: only the route's
    /// empty answer then probes the account for its 401 (docs/accounts.md "Sessions").
    /// </summary>
    public static readonly string Trending = Picked($"""
        SELECT pool.id, pool.joins, pool.created_at, {RankMembers} AS members
          FROM (SELECT c.id, recent.joins, c.created_at
                  FROM (SELECT rj.channel_id, count(*) AS joins FROM broadcast_channel_members rj
                         WHERE rj.joined_at > @since AND rj.removed_at IS NULL GROUP BY rj.channel_id) recent
                  JOIN broadcast_channels c ON c.id = recent.channel_id
                 WHERE {LiveWithoutPlace} AND {LiveCaller.Is("@viewer")}
                 ORDER BY recent.joins DESC, c.created_at DESC, c.id DESC LIMIT {ChannelRules.TrendingPool}) pool
          JOIN broadcast_channels c ON c.id = pool.id
         ORDER BY pool.joins DESC, members DESC, pool.created_at DESC, pool.id DESC LIMIT @limit
        """, "picked.joins DESC, picked.members DESC, picked.created_at DESC, picked.id DESC");

    /// <summary>The channels of @ids the caller may see, as <see cref="One"/> reads one (a ranked page's, in any order).</summary>
    public static readonly string Some = $"""
        {Select}
        {From}
         WHERE c.id = ANY(@ids) AND {Readable}
        """;

    /// <summary>
    /// The caller's channels: owned (since creation), co-hosted (since accepting) and joined (since joining), newest first,
    /// each while the caller may still see it.
    /// </summary>
    public static readonly string Mine = $"""
        {Select}, mine.since
          FROM (SELECT own.id AS channel_id, own.created_at AS since FROM broadcast_channels own WHERE own.owner_id = @viewer
                UNION ALL
                SELECT ho.channel_id, ho.accepted_at FROM broadcast_channel_hosts ho WHERE ho.user_id = @viewer AND ho.accepted_at IS NOT NULL
                UNION ALL
                SELECT me.channel_id, me.joined_at FROM broadcast_channel_members me WHERE me.user_id = @viewer AND me.removed_at IS NULL) mine
          JOIN broadcast_channels c ON c.id = mine.channel_id JOIN users o ON o.id = c.owner_id
          LEFT JOIN broadcast_channel_hosts h ON h.channel_id = c.id AND h.user_id = @viewer
          LEFT JOIN broadcast_channel_members m ON m.channel_id = c.id AND m.user_id = @viewer AND m.removed_at IS NULL
         WHERE {Readable} AND {KeysetSql.Older("mine.since", "c.id")}
         ORDER BY mine.since DESC, c.id DESC LIMIT @take
        """;

    /// <summary>The caller's open co-host invitations to live channels, newest first.</summary>
    public static readonly string Invitations = $"""
        {Select}, h.invited_at AS since
        {From}
         WHERE h.user_id = @viewer AND h.accepted_at IS NULL AND {ChannelVisibility.Invitable("c")}
           AND {KeysetSql.Older("h.invited_at", "c.id")}
         ORDER BY h.invited_at DESC, c.id DESC LIMIT @take
        """;

    /// <summary>Locks the owner's row, so two creations cannot both pass the cap; counts their live channels (a removed one cannot be used: not counted).</summary>
    public const string LockOwnerAndCountLive = """
        SELECT count(c.id)::int FROM (SELECT id FROM users WHERE id = @viewer AND deleted_at IS NULL AND is_active FOR NO KEY UPDATE) u
          LEFT JOIN broadcast_channels c ON c.owner_id = u.id AND c.ended_at IS NULL AND c.removed_at IS NULL
        """;

    public const string Insert = """
        INSERT INTO broadcast_channels (id, owner_id, name, description, created_at, updated_at)
        VALUES (@channelId, @viewer, @name, @description, @now, @now)
        """;

    /// <summary>Owner-scoped: the name and/or the description (@setDescription: the patch named it; null clears it).</summary>
    public const string Edit = """
        UPDATE broadcast_channels SET name = coalesce(@name, name),
               description = CASE WHEN @setDescription THEN @description ELSE description END, updated_at = greatest(updated_at, @now)
         WHERE id = @channelId AND owner_id = @viewer AND ended_at IS NULL
        """;

    /// <summary>Owner-scoped.</summary>
    public const string End = """
        UPDATE broadcast_channels SET ended_at = @now, updated_at = greatest(updated_at, @now)
         WHERE id = @channelId AND owner_id = @viewer AND ended_at IS NULL
        """;
}
