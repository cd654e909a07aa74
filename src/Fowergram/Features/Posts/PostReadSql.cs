using Fowergram.Features.Music;
using Fowergram.Platform.Visibility;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Posts;

internal static class PostReadSql
{
    public static readonly string Post = $"""
        SELECT p.id, p.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, p.caption, p.location,
               p.is_archived, p.comments_disabled, p.likes_disabled, p.created_at, p.updated_at,
               coalesce(s.like_count, 0) AS like_count, coalesce(s.comment_count, 0) AS comment_count, {LikeCounts.ViewerShows},
               EXISTS (SELECT 1 FROM likes l WHERE l.user_id = @viewer AND l.post_id = p.id) AS is_liked,
               EXISTS (SELECT 1 FROM saved_posts sp WHERE sp.user_id = @viewer AND sp.post_id = p.id) AS is_saved,
               {RepostsSql.ViewColumns},
               {MusicClips.JsonOf("p.music_track_id", "p.music_start_seconds")} AS music
        FROM posts p
        JOIN users u ON u.id = p.user_id
        LEFT JOIN post_stats s ON s.post_id = p.id
        WHERE p.id = @postId AND {PostAccess.VisibleTo}
        """;

    /// <summary>
    /// <see cref="Post"/> for a reader: nothing for a token that outlived its account (docs/accounts.md "Sessions"), one
    /// primary-key probe of the reader's row in the statement. Writes answering with the post checked their caller already.
    /// </summary>
    public static readonly string PostForReader = Post + $"\n  AND {LiveCaller.GuestOrLive("@viewer")}";

    /// <summary>Media in order, then the people tagged on them whom the viewer may see (a block hides a tag).</summary>
    public static readonly string MediaAndTags = $"""
        SELECT m.id, m.media_type, m.blob_name, coalesce(m.content_type, up.content_type) AS content_type,
               m.alt_text, m.width, m.height, m.duration
        FROM post_media m LEFT JOIN uploads up ON up.id = m.upload_id
        WHERE m.post_id = @postId ORDER BY m.display_order;

        SELECT t.media_id, u.username, t.x_coordinate AS x, t.y_coordinate AS y
        FROM media_user_tags t
        JOIN post_media m ON m.id = t.media_id
        JOIN users u ON u.id = t.user_id
        WHERE m.post_id = @postId AND {Visibility.ProfileFilter("t.user_id")}
        ORDER BY t.created_at, u.username;
        """;
}

internal sealed class PostRow
{
    public bool ViewerShowsCounts { get; init; }
    public Guid Id { get; init; }
    public Guid AuthorId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Caption { get; init; } = "";
    public string? Location { get; init; }
    public bool IsArchived { get; init; }
    public bool CommentsDisabled { get; init; }
    public bool LikesDisabled { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long LikeCount { get; init; }
    public long CommentCount { get; init; }
    public bool IsLiked { get; init; }
    public bool IsSaved { get; init; }
    public long RepostCount { get; init; }
    public bool IsReposted { get; init; }
    /// <summary>The clip as JSON (MusicClips.JsonOf); null without music.</summary>
    public string? Music { get; init; }
}

internal sealed class MediaRow
{
    public Guid Id { get; init; }
    public string MediaType { get; init; } = "";
    public string BlobName { get; init; } = "";
    public string? ContentType { get; init; }
    public string? AltText { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Duration { get; init; }
}

internal sealed class TagRow
{
    public Guid MediaId { get; init; }
    public string Username { get; init; } = "";
    public double X { get; init; }
    public double Y { get; init; }
}
