using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>
/// Reads of reels. Every query filters with <see cref="ReelAccess.VisibleTo"/>, so no read URL is signed for a hidden reel; the one
/// exception, <see cref="OwnRecentlyDeleted"/>, is scoped to the reels' own author.
/// </summary>
internal static class ReelReadSql
{
    /// <summary>
    /// Full views of the given reels the viewer may see (the list queries filtered already; checking again costs a probe).
    /// The reel a remix was made from is joined only while the viewer may see it too (docs/reels.md "Remixes").
    /// </summary>
    public static readonly string Views = ViewsWhere(ReelAccess.VisibleTo);

    /// <summary>
    /// <see cref="Views"/> for GET /reels/{id}: nothing for a token that outlived its account either (one primary-key probe of
    /// the reader's row in the statement; the route's 404 tells that token's 401 apart: docs/accounts.md "Sessions").
    /// </summary>
    public static readonly string ViewForReader = ViewsWhere($"{ReelAccess.VisibleTo} AND {LiveCaller.GuestOrLive("@viewer")}");

    /// <summary>The same views of the viewer's own recently deleted reels (docs/reels.md "Recently deleted"): their author's alone.</summary>
    public static readonly string OwnRecentlyDeleted = ViewsWhere("r.user_id = @viewer AND r.restorable_until IS NOT NULL");

    private static string ViewsWhere(string filter) => $"""
        SELECT r.id, r.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, r.caption,
               r.video_blob_name, up.content_type, r.duration, r.width, r.height, r.comments_disabled, r.likes_disabled,
               r.created_at, r.updated_at,
               a.id AS audio_id, a.title AS audio_title, a.artist AS audio_artist, a.duration AS audio_duration,
               coalesce(s.like_count, 0) AS like_count, coalesce(s.comment_count, 0) AS comment_count,
               coalesce(s.view_count, 0) AS view_count, coalesce(s.play_count, 0) AS play_count, coalesce(s.share_count, 0) AS share_count,
               {LikeCounts.ViewerShows},
               (SELECT true FROM reel_likes l WHERE l.reel_id = r.id AND l.user_id = @viewer) IS NOT NULL AS is_liked,
               (SELECT true FROM saved_reels sr WHERE sr.reel_id = r.id AND sr.user_id = @viewer) IS NOT NULL AS is_saved,
               coalesce(s.save_count, 0) AS save_count, coalesce(s.remix_count, 0) AS remix_count, r.thumbnail_blob_name, tu.content_type AS thumbnail_content_type, r.allow_remix, r.location,
               -- ReelRemixes.CheckAsync's rule, for the button: the viewer's own reel, or a public author's with both switches on
               -- that is no trial still kept from the author's followers.
               (@viewer::uuid IS NOT NULL AND (r.user_id = @viewer OR (NOT u.is_private AND u.allow_reel_remixes AND r.allow_remix
                   AND (r.trial_status IS NULL OR r.trial_status = '{TrialReelRules.Shared}')))) AS can_remix,
               rm.id AS remix_of_id, rm.user_id AS remix_author_id, rm.username AS remix_username, rm.full_name AS remix_full_name,
               rm.avatar AS remix_avatar, rm.is_verified AS remix_is_verified,
               r.trial_status, r.trial_ends_at, r.trial_auto_share, r.trial_settled_at,
               {ReelRepostsSql.ViewColumns}
        FROM reels r
        JOIN users u ON u.id = r.user_id
        LEFT JOIN uploads up ON up.id = r.upload_id
        LEFT JOIN uploads tu ON tu.id = r.thumbnail_upload_id
        LEFT JOIN audio_tracks a ON a.id = r.audio_track_id
        LEFT JOIN reel_stats s ON s.reel_id = r.id
        LEFT JOIN LATERAL (
            SELECT o.id, o.user_id, ou.username, ou.full_name, ou.avatar, ou.is_verified
            FROM reels o JOIN users ou ON ou.id = o.user_id
            WHERE o.id = r.remix_of_id AND o.deleted_at IS NULL AND {VisibilityPolicy.ContentFilter("o.user_id")}
              AND {VisibilityPolicy.ReelTrialShownTo("o")}) rm ON true
        WHERE r.id = ANY(@ids) AND {filter}
        """;

    /// <summary>A profile's reels tab, newest first (reels_author_timeline).</summary>
    public static readonly string Tab = $"""
        SELECT r.id, r.created_at FROM reels r
        WHERE r.user_id = @ownerId AND r.deleted_at IS NULL AND {VisibilityPolicy.ReelTrialShownTo("r")} AND {KeysetSql.Older("r.created_at", "r.id")}
        ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;

    /// <summary>
    /// Live reels using a sound that the viewer may see, newest first (reels_audio_track). A sound's page recommends to whoever
    /// opens it, as a hashtag's and a place's do: none limited while in review (ReviewLimit) but the viewer's own.
    /// </summary>
    public static readonly string ByAudio = $"""
        SELECT r.id, r.created_at FROM reels r
        WHERE r.audio_track_id = @audioTrackId AND {ReelAccess.VisibleTo}
          AND (r.user_id = @viewer OR {ReviewLimit.NotLimited("reel", "r.id")})
          AND {KeysetSql.Older("r.created_at", "r.id")}
        ORDER BY r.created_at DESC, r.id DESC LIMIT @take
        """;

    /// <summary>
    /// The sound and how many live reels use it (audio_track_stats, kept by reel-counters); nothing for a token whose account is
    /// gone, which the route's 404 tells apart (docs/accounts.md "Sessions").
    /// </summary>
    public static readonly string AudioTrack = $"""
        SELECT a.id, a.title, a.artist, a.duration AS duration_seconds, coalesce(s.usage_count, 0) AS reel_count
        FROM audio_tracks a LEFT JOIN audio_track_stats s ON s.track_id = a.id
        WHERE a.id = @audioTrackId AND {LiveCaller.GuestOrLive("@viewer")}
        """;

    /// <summary>
    /// Trending: the newest @scan live reels of the window the viewer may see (reels_live_recent, one range), ranked by
    /// engagement — a comment weighs two likes, ten plays one like — newest first on a tie. None for a gone account's token
    /// (LiveCaller.GuestOrLive: one probe before the scan, and the empty answer then tells it apart). A signed-in caller's own
    /// choices hold as in recommended reels and explore: no reel of an account it muted for posts or asked not to be suggested
    /// (discovery_hidden_authors), none it marked "not interested" (reel_dismissals); a guest has none to apply.
    /// </summary>
    public static readonly string Trending = $"""
        SELECT c.id FROM (
            SELECT r.id, r.user_id, r.created_at FROM reels r
            WHERE r.deleted_at IS NULL AND r.created_at > @since AND r.created_at <= @now AND {VisibilityPolicy.ContentFilter("r.user_id")}
              AND {VisibilityPolicy.ReelTrialShownTo("r")}
            ORDER BY r.created_at DESC, r.id DESC LIMIT @scan
        ) c
        LEFT JOIN reel_stats s ON s.reel_id = c.id
        WHERE {LiveCaller.GuestOrLive("@viewer")} AND {ReviewLimit.NotLimited("reel", "c.id")}
          AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = c.user_id AND m.mute_posts)
          AND NOT EXISTS (SELECT 1 FROM discovery_hidden_authors h WHERE h.user_id = @viewer AND h.author_id = c.user_id)
          AND NOT EXISTS (SELECT 1 FROM reel_dismissals d WHERE d.user_id = @viewer AND d.reel_id = c.id)
        ORDER BY coalesce(s.like_count + 2 * s.comment_count + s.play_count / 10.0, 0) DESC, c.created_at DESC, c.id DESC
        LIMIT @limit
        """;

    /// <summary>Likers the viewer may see (reel_likes_reel).</summary>
    public static readonly string Likers = WhoLiked.Sql(ReelLikesApi.LikeTable, "reelId");
}

internal sealed class ReelRow
{
    public bool ViewerShowsCounts { get; init; }
    public Guid Id { get; init; }
    public Guid AuthorId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Caption { get; init; } = "";
    public string VideoBlobName { get; init; } = "";
    public string? ContentType { get; init; }
    public int Duration { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public bool CommentsDisabled { get; init; }
    public bool LikesDisabled { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public Guid? AudioId { get; init; }
    public string? AudioTitle { get; init; }
    public string? AudioArtist { get; init; }
    public int? AudioDuration { get; init; }
    public long LikeCount { get; init; }
    public long CommentCount { get; init; }
    public long ViewCount { get; init; }
    public long PlayCount { get; init; }
    public long ShareCount { get; init; }
    public bool IsSaved { get; init; }
    public long SaveCount { get; init; }
    public bool IsLiked { get; init; }
    public string? ThumbnailBlobName { get; init; }
    public string? ThumbnailContentType { get; init; }
    public bool AllowRemix { get; init; }
    public string? Location { get; init; }
    public bool CanRemix { get; init; }
    public long RemixCount { get; init; }
    public Guid? RemixOfId { get; init; }
    public Guid? RemixAuthorId { get; init; }
    public string? RemixUsername { get; init; }
    public string? RemixFullName { get; init; }
    public string? RemixAvatar { get; init; }
    public bool? RemixIsVerified { get; init; }
    public string? TrialStatus { get; init; }
    public DateTimeOffset? TrialEndsAt { get; init; }
    public bool TrialAutoShare { get; init; }
    public DateTimeOffset? TrialSettledAt { get; init; }
    public long RepostCount { get; init; }
    public bool IsReposted { get; init; }
}

internal sealed class ReelPosition
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class AudioTrackRow
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Artist { get; init; } = "";
    public int DurationSeconds { get; init; }
    public long ReelCount { get; init; }
}
