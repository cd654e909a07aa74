using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Visibility;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Videos;

/// <summary>
/// Reads of videos and series. Every video query filters with <see cref="VideoAccess.VisibleTo"/>, so no read URL is signed for a hidden
/// video; the one exception, <see cref="OwnRecentlyDeleted"/>, is scoped to the videos' own author.
/// </summary>
internal static class VideoReadSql
{
    /// <summary>Full views of the given videos the viewer may see (the lists filtered already; checking again costs a probe).</summary>
    public static readonly string Views = ViewsWhere(VideoAccess.VisibleTo);

    /// <summary>
    /// <see cref="Views"/> for GET /videos/{id}: nothing for a token that outlived its account either (one primary-key probe of
    /// the reader's row in the statement; the route's 404 tells that token's 401 apart: docs/accounts.md "Sessions").
    /// </summary>
    public static readonly string ViewForReader = ViewsWhere($"{VideoAccess.VisibleTo} AND {LiveCaller.GuestOrLive("@viewer")}");

    /// <summary>The same views of the viewer's own recently deleted videos (docs/videos.md "Recently deleted"): their author's alone.</summary>
    public static readonly string OwnRecentlyDeleted = ViewsWhere("v.user_id = @viewer AND v.restorable_until IS NOT NULL");

    private static string ViewsWhere(string filter) => $"""
        SELECT v.id, v.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, v.title, v.description,
               v.video_blob_name, up.content_type, v.duration, v.is_published, v.published_at, v.created_at, v.updated_at,
               s.id AS series_id, s.title AS series_title, coalesce(st.view_count, 0) AS view_count,
               coalesce(st.like_count, 0) AS like_count, coalesce(st.comment_count, 0) AS comment_count,
               coalesce(st.share_count, 0) AS share_count, v.comments_disabled, {LikeCounts.ViewerShows},
               v.thumbnail_blob_name, tu.content_type AS thumbnail_content_type,
               (SELECT true FROM igtv_likes l WHERE l.video_id = v.id AND l.user_id = @viewer) IS NOT NULL AS is_liked
        FROM igtv_videos v
        JOIN users u ON u.id = v.user_id
        LEFT JOIN uploads up ON up.id = v.upload_id
        LEFT JOIN uploads tu ON tu.id = v.thumbnail_upload_id
        LEFT JOIN igtv_series s ON s.id = v.series_id
        LEFT JOIN igtv_stats st ON st.video_id = v.id
        WHERE v.id = ANY(@ids) AND {filter}
        """;

    /// <summary>Likers the viewer may see (igtv_likes_video).</summary>
    public static readonly string Likers = WhoLiked.Sql(VideoLikesApi.LikeTable, "videoId");

    /// <summary>A channel: published live videos, newest published first (igtv_videos_channel).</summary>
    public static readonly string Channel = $"""
        SELECT v.id, v.published_at AS position FROM igtv_videos v
        WHERE v.user_id = @ownerId AND v.is_published AND v.deleted_at IS NULL AND {KeysetSql.Older("v.published_at", "v.id")}
        ORDER BY v.published_at DESC, v.id DESC LIMIT @take
        """;

    /// <summary>
    /// The long-form tab of followed accounts: published live videos of the accounts the viewer follows (and is shown),
    /// newest published first. First a walk of igtv_videos_published_recent (<see cref="FollowingWalk"/>, index-only: the
    /// author is in the index) keeps the followed accounts' videos; only when it neither filled the page nor ran out does
    /// one channel range per followed account (at most @take each) follow, merged, as reels' tab does. A token whose account is
    /// gone reads nothing (<see cref="LiveCaller"/>'s <c>caller</c>, one primary-key probe), and only an empty page asks why.
    /// </summary>
    public static readonly string Following = $"""
        WITH {LiveCaller.Cte("@viewer")}, {FollowingWalk.Ctes},
        walk AS NOT MATERIALIZED ({FollowingWalk.Walk($"""
            SELECT v.id, v.user_id, v.published_at FROM igtv_videos v
            WHERE v.is_published AND v.deleted_at IS NULL AND {KeysetSql.Older("v.published_at", "v.id")}
            """, "v.published_at DESC, v.id DESC")}),
        walked AS MATERIALIZED (
            SELECT w.id, w.published_at AS position FROM walk w WHERE {LiveCaller.IsLive} AND {FollowingWalk.IsFollowedAuthor("w.user_id")}
            ORDER BY w.published_at DESC, w.id DESC LIMIT @take),
        {FollowingWalk.Done("walk_done", "walk", "walked")}
        SELECT id, position FROM walked WHERE (SELECT done FROM walk_done)
        UNION ALL
        (SELECT fv.id, fv.position FROM ({VisibilityPolicy.FollowedAuthors()}) a
         CROSS JOIN LATERAL (
             SELECT v.id, v.published_at AS position FROM igtv_videos v
             WHERE v.user_id = a.id AND v.is_published AND v.deleted_at IS NULL AND {KeysetSql.Older("v.published_at", "v.id")}
             ORDER BY v.published_at DESC, v.id DESC LIMIT @take) fv
         WHERE NOT (SELECT done FROM walk_done) AND {LiveCaller.IsLive}
         ORDER BY fv.position DESC, fv.id DESC LIMIT @take)
        ORDER BY position DESC, id DESC LIMIT @take
        """;

    /// <summary>The caller's live drafts, newest first (igtv_videos_drafts, migration 0071).</summary>
    public static readonly string Drafts = $"""
        SELECT v.id, v.created_at AS position FROM igtv_videos v
        WHERE v.user_id = @ownerId AND NOT v.is_published AND v.deleted_at IS NULL AND {KeysetSql.Older("v.created_at", "v.id")}
        ORDER BY v.created_at DESC, v.id DESC LIMIT @take
        """;

    /// <summary>
    /// A series' live videos in episode order (igtv_videos_series_position_key): the published ones, and the owner's drafts for
    /// the owner, who orders them all. The position is the place (<see cref="Cursor.OfRank"/>).
    /// </summary>
    public static readonly string SeriesVideos = $"""
        SELECT v.id, v.series_position AS rank FROM igtv_videos v
        WHERE v.series_id = @seriesId AND v.deleted_at IS NULL AND (v.is_published OR v.user_id = @viewer)
          AND {KeysetSql.AfterRank("v.series_position")}
        ORDER BY v.series_position LIMIT @take
        """;

    /// <summary>Live videos of the series the viewer may see: published ones, and the owner's drafts for the owner (igtv_videos_series_position_key).</summary>
    private const string VideoCount = """
        (SELECT count(*) FROM igtv_videos v WHERE v.series_id = s.id AND v.deleted_at IS NULL AND (v.is_published OR v.user_id = @viewer))
        """;

    private static readonly string SeriesColumns = $"""
        s.id, s.user_id AS owner_id, u.username, u.full_name, u.avatar, u.is_verified, s.title, s.description,
        {VideoCount} AS video_count, s.created_at, s.updated_at, s.cover_blob_name, cu.content_type AS cover_content_type
        """;

    /// <summary>A series, its owner and the upload behind its cover (for the cover's content type).</summary>
    private const string SeriesFrom = """
        igtv_series s JOIN users u ON u.id = s.user_id LEFT JOIN uploads cu ON cu.id = s.cover_upload_id
        """;

    /// <summary>One series, when its owner's content is visible to the viewer.</summary>
    public static readonly string OneSeries = $"""
        SELECT {SeriesColumns} FROM {SeriesFrom}
        WHERE s.id = @seriesId AND {VideoAccess.SeriesVisibleTo}
        """;

    /// <summary>
    /// <see cref="OneSeries"/> for GET /series/{id}: nothing for a token that outlived its account either, which the route's
    /// 404 tells apart (docs/accounts.md "Sessions").
    /// </summary>
    public static readonly string OneSeriesForReader = OneSeries + $"\n  AND {LiveCaller.GuestOrLive("@viewer")}";

    /// <summary>A user's series, newest first (igtv_series_user); the owner was checked by <see cref="ProfileListOwner"/>.</summary>
    public static readonly string UserSeries = $"""
        SELECT {SeriesColumns} FROM {SeriesFrom}
        WHERE s.user_id = @ownerId AND {KeysetSql.Older("s.created_at", "s.id")}
        ORDER BY s.created_at DESC, s.id DESC LIMIT @take
        """;
}

internal sealed class VideoRow
{
    public bool ViewerShowsCounts { get; init; }
    public Guid Id { get; init; }
    public Guid AuthorId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string VideoBlobName { get; init; } = "";
    public string? ContentType { get; init; }
    public int Duration { get; init; }
    public bool IsPublished { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public Guid? SeriesId { get; init; }
    public string? SeriesTitle { get; init; }
    public long ViewCount { get; init; }
    public long LikeCount { get; init; }
    public bool IsLiked { get; init; }
    public long CommentCount { get; init; }
    public long ShareCount { get; init; }
    public bool CommentsDisabled { get; init; }
    public string? ThumbnailBlobName { get; init; }
    public string? ThumbnailContentType { get; init; }
}

/// <summary>A list row: the video and the time its list is ordered by (published_at or created_at).</summary>
internal sealed class VideoPosition
{
    public Guid Id { get; init; }
    public DateTimeOffset Position { get; init; }
    public long Rank { get; init; }
}

internal sealed class SeriesRow
{
    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public long VideoCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? CoverBlobName { get; init; }
    public string? CoverContentType { get; init; }

    public SeriesView ToView(VideoFileView? cover) =>
        new(Id, new(OwnerId, Username, FullName, Avatar, IsVerified), Title, Description, VideoCount, cover, CreatedAt, UpdatedAt);
}
