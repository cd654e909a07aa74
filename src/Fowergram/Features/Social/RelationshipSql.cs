namespace Fowergram.Features.Social;

/// <summary>What the profile shows about the social graph (SocialProfileSection).</summary>
internal static class RelationshipSql
{
    /// <summary>Exact counters, kept by consumers (followers/following: social-counters; posts: the posts area).</summary>
    public const string Counts = """
        SELECT coalesce(s.post_count, 0) AS posts, coalesce(s.follower_count, 0) AS followers,
               coalesce(s.following_count, 0) AS following
        FROM (SELECT 1) AS one LEFT JOIN user_stats s ON s.user_id = @owner
        """;

    /// <summary>Every edge between @viewer and @owner, from the viewer's side.</summary>
    public const string Edges = """
        SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = @viewer AND following_id = @owner) AS following,
               EXISTS (SELECT 1 FROM follows WHERE follower_id = @owner AND following_id = @viewer) AS followed_by,
               EXISTS (SELECT 1 FROM follow_requests WHERE requester_id = @viewer AND target_id = @owner) AS requested,
               EXISTS (SELECT 1 FROM follow_requests WHERE requester_id = @owner AND target_id = @viewer) AS requested_by,
               EXISTS (SELECT 1 FROM blocks WHERE blocker_id = @viewer AND blocked_id = @owner) AS blocking,
               coalesce(m.mute_posts, false) AS mute_posts, coalesce(m.mute_stories, false) AS mute_stories,
               coalesce(m.mute_notes, false) AS mute_notes,
               EXISTS (SELECT 1 FROM close_friends WHERE user_id = @viewer AND friend_id = @owner) AS is_close_friend,
               EXISTS (SELECT 1 FROM restrictions WHERE restricter_id = @viewer AND restricted_id = @owner) AS restricting
          FROM (SELECT 1) AS one LEFT JOIN mutes m ON m.muter_id = @viewer AND m.muted_id = @owner
        """;
}

internal sealed class EdgesRow
{
    public bool Following { get; init; }
    public bool FollowedBy { get; init; }
    public bool Requested { get; init; }
    public bool RequestedBy { get; init; }
    public bool Blocking { get; init; }
    public bool MutePosts { get; init; }
    public bool MuteStories { get; init; }
    public bool MuteNotes { get; init; }
    public bool IsCloseFriend { get; init; }
    public bool Restricting { get; init; }

    public Relationship ToRelationship() =>
        new(Following, FollowedBy, Requested, RequestedBy, Blocking, new Muting(MutePosts, MuteStories, MuteNotes), IsCloseFriend, Restricting);
}
