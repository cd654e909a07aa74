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

    /// <summary>
    /// The "allow sharing to story" switch lock of the shared thing's author (<see cref="StoryResharesApi"/> takes it exclusively),
    /// held shared until the story commits: shares of one author's posts run side by side, and a switch to off waits for those
    /// already checked, so none lands after its answer; one checked after it reads "off". An advisory lock rather than the
    /// author's users row, so that profile edits never queue behind shares (as <see cref="StoryReplyAudience"/>'s switch).
    /// </summary>
    public const string SwitchLock = "hashtext('story_reshares'), hashtext({0}::text)";

    private static string HoldSwitch(string table) =>
        $"SELECT count(pg_advisory_xact_lock_shared({string.Format(SwitchLock, "t.user_id")})) FROM {table} t WHERE t.id = @id";

    private static readonly string HoldPostSwitch = HoldSwitch("posts");
    private static readonly string HoldReelSwitch = HoldSwitch("reels");

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
        var (hold, sql, id, kind) = story switch
        {
            { SharedPostId: { } postId } => (HoldPostSwitch, ShareablePost, postId, "post"),
            { SharedReelId: { } reelId } => (HoldReelSwitch, ShareableReel, reelId, "reel"),
            _ => (null, null, Guid.Empty, ""),
        };
        if (hold is null || sql is null) return null;
        // The check is a statement of its own after the lock, so it reads a switch changed while the lock was awaited.
        await conn.ExecuteAsync(new CommandDefinition(hold, new { id }, tx, cancellationToken: ct));
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
