namespace Fowergram.Platform.Visibility;

/// <summary>
/// Who may see a broadcast channel and who may read its messages (docs/messages.md "Broadcast channels"), as SQL over a
/// channel row (id, owner_id, ended_at, removed_at) binding the caller as <c>@viewer</c>. The channels' own statements and
/// the reports of channels and their messages (docs/moderation.md) ask the same rule, so nobody may report what they
/// could not read.
/// </summary>
public static class ChannelVisibility
{
    /// <summary>
    /// The channel is the caller's to see: not removed by a moderator, its owner's content visible to them
    /// (<see cref="Visibility.ContentFilter"/>), and an ended channel only to its readers.
    /// </summary>
    public static string Seen(string channel, string viewer = "@viewer") => $"""
        ({channel}.removed_at IS NULL AND {Visibility.ContentFilter($"{channel}.owner_id", viewer)}
         AND ({channel}.ended_at IS NULL OR {Reader(channel, viewer)}))
        """;

    /// <summary>
    /// The channel is live (neither removed nor ended) and the caller's to see (<see cref="Seen"/> of a live channel): what an
    /// invitation to it needs, to join or to co-host, since an ended channel takes neither. The entity rule of the notices that
    /// name a channel (<see cref="Visibility.EntityFilter"/>, <c>can_view_entity</c> of migration 0202) and the co-host
    /// invitations list alike, so an invitation's notice shows exactly while the invitation can be taken up.
    /// </summary>
    public static string Invitable(string channel, string viewer = "@viewer") => $"""
        ({channel}.ended_at IS NULL AND {channel}.removed_at IS NULL AND {Visibility.ContentFilter($"{channel}.owner_id", viewer)})
        """;

    /// <summary>The caller reads the channel's messages: its owner, an accepted co-host, or a member the owner has not removed.</summary>
    public static string Reader(string channel, string viewer = "@viewer") => $"""
        ({channel}.owner_id = {viewer}
         OR EXISTS (SELECT 1 FROM broadcast_channel_hosts vis_ch
                     WHERE vis_ch.channel_id = {channel}.id AND vis_ch.user_id = {viewer} AND vis_ch.accepted_at IS NOT NULL)
         OR EXISTS (SELECT 1 FROM broadcast_channel_members vis_cm
                     WHERE vis_cm.channel_id = {channel}.id AND vis_cm.user_id = {viewer} AND vis_cm.removed_at IS NULL))
        """;

    /// <summary>
    /// The message <paramref name="messageId"/> is one the caller reads now: in a channel they see and read, not removed, from
    /// a live sender with no block between them (as a channel's page shows it).
    /// </summary>
    public static string MessageRead(string messageId, string viewer = "@viewer") => $"""
        EXISTS (SELECT 1 FROM broadcast_channel_messages vis_m JOIN broadcast_channels vis_c ON vis_c.id = vis_m.channel_id
                  JOIN users vis_s ON vis_s.id = vis_m.sender_id AND vis_s.deleted_at IS NULL AND vis_s.is_active
                 WHERE vis_m.id = {messageId} AND vis_m.removed_at IS NULL AND {Seen("vis_c", viewer)} AND {Reader("vis_c", viewer)}
                   AND NOT {Visibility.BlockedBetween(viewer, "vis_m.sender_id")})
        """;

    /// <summary>The channel <paramref name="channelId"/> is the caller's to see (<see cref="Seen"/>).</summary>
    public static string ChannelSeen(string channelId, string viewer = "@viewer") =>
        $"EXISTS (SELECT 1 FROM broadcast_channels vis_c WHERE vis_c.id = {channelId} AND {Seen("vis_c", viewer)})";
}
