using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A post (migration 0138) or reel (0139) shared to a story (docs/stories.md "Shared posts and reels"): the caller's own, or
/// a public account's that allows it, and only one the caller sees; or a live story that mentions the caller (0140). The
/// story shows it to each viewer only while that viewer may see it.
/// </summary>
internal static class StoryShares
{
    // The shared thing is key-share locked until the story commits, so a purge deleting it waits rather than failing the key.
    private static readonly string ShareablePost = $"""
        SELECT p.user_id = @viewer AS own, u.is_private, u.allow_story_reshares
          FROM posts p JOIN users u ON u.id = p.user_id
         WHERE p.id = @id AND NOT p.is_archived AND {PostAccess.VisibleTo}
           FOR KEY SHARE OF p
        """;

    private static readonly string ShareableReel = $"""
        SELECT r.user_id = @viewer AS own, u.is_private, u.allow_story_reshares
          FROM reels r JOIN users u ON u.id = r.user_id
         WHERE r.id = @id AND {ReelAccess.VisibleTo}
           FOR KEY SHARE OF r
        """;

    private static readonly string ShareableStory = $"""
        SELECT EXISTS (SELECT 1 FROM story_mentions m WHERE m.story_id = s.id AND m.user_id = @viewer) AS mentioned
          FROM stories s WHERE s.id = @id AND {StoryReadSql.LiveAndVisible}
           FOR KEY SHARE OF s
        """;

    /// <summary>Of the shared stories, those live and visible to the viewer now, as <see cref="StoryRow"/>s.</summary>
    public static readonly string VisibleStories = $"{StoryReadSql.Select} WHERE s.id = ANY(@ids) AND {StoryReadSql.LiveAndVisible}";

    /// <summary>Of the shared posts, those the viewer may see now.</summary>
    public static readonly string VisiblePosts = $"SELECT p.id FROM posts p WHERE p.id = ANY(@ids) AND {PostAccess.VisibleTo}";

    /// <summary>
    /// Null when the caller may share what the story names; else 404 (something they cannot see, an archived post) or 403
    /// (a private account's, or an author who turned sharing off; one's own is always fine).
    /// </summary>
    public static async Task<IResult?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, ValidStory story,
        DateTimeOffset now, CancellationToken ct)
    {
        if (story.SharedStoryId is { } storyId)
            return await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(ShareableStory, new { viewer, id = storyId, now }, tx,
                cancellationToken: ct)) switch
            {
                null => Problems.NotFound("story"),
                false => Problems.Forbidden("Only a story that mentions you can be added to your story."),
                true => null,
            };
        var (sql, id, kind) = story switch
        {
            { SharedPostId: { } postId } => (ShareablePost, postId, "post"),
            { SharedReelId: { } reelId } => (ShareableReel, reelId, "reel"),
            _ => (null, Guid.Empty, ""),
        };
        if (sql is null) return null;
        var shared = await conn.QuerySingleOrDefaultAsync<ShareableRow>(new CommandDefinition(sql, new { viewer, id }, tx, cancellationToken: ct));
        return shared switch
        {
            null => Problems.NotFound(kind),
            { Own: true } => null,
            { IsPrivate: true } => Problems.Forbidden($"A private account's {kind}s cannot be shared to stories."),
            { AllowStoryReshares: false } => Problems.Forbidden($"The author does not allow their {kind}s to be shared to stories."),
            _ => null,
        };
    }

    private sealed class ShareableRow
    {
        public bool Own { get; init; }
        public bool IsPrivate { get; init; }
        public bool AllowStoryReshares { get; init; }
    }
}
