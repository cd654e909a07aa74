using Fowergram.Features.Stories;
using Fowergram.Platform.Content;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Highlights;

/// <summary>
/// Highlights. Reads bind @viewer and show each story through can_view_story with the audience the story
/// had, whether or not it is still live; writes are owner-scoped and serialised per owner.
/// </summary>
internal static class HighlightsSql
{
    public const int MaxHighlights = 100;
    public const int MaxStories = 100;

    // One owner's highlight writes queue up: display_order stays dense (0..n-1) and the caps cannot be raced past.
    public const string LockOwner = """
        SELECT pg_advisory_xact_lock(hashtext('highlights'), hashtext(@caller::text));
        SET CONSTRAINTS highlights_user_order_key DEFERRED;
        """;

    public const string CountOwn = "SELECT count(*) FROM highlights WHERE user_id = @caller";

    /// <summary>The caller's undeleted stories among @ids, share-locked against the expiry job (which skips locked rows).</summary>
    public const string OwnStories = """
        SELECT id, media_deleted_at IS NOT NULL AS media_gone FROM stories
         WHERE id = ANY(@ids) AND user_id = @caller AND deleted_at IS NULL
         FOR SHARE
        """;

    public const string ShiftAllDown = "UPDATE highlights SET display_order = display_order + 1 WHERE user_id = @caller";

    public const string Insert = """
        INSERT INTO highlights (id, user_id, title, display_order, created_at, updated_at)
        SELECT @id, u.id, @title, 0, @now, @now FROM users u WHERE u.id = @caller AND u.deleted_at IS NULL AND u.is_active
        """;

    public const string Link = """
        INSERT INTO highlight_stories (highlight_id, story_id, user_id, added_at)
        SELECT @id, unnest(@storyIds), @caller, @now
        ON CONFLICT DO NOTHING
        """;

    public const string SetCover = "UPDATE highlights SET cover_story_id = @coverStoryId, updated_at = @now WHERE id = @id AND user_id = @caller";

    // NO KEY: a story's deletion, keeping its place in this highlight (deleted_highlight_stories' foreign key), key-share
    // locks the row while holding the story's; an add of that story waiting here for the story would otherwise deadlock it.
    public const string OwnHighlight = """
        SELECT display_order, (SELECT count(*) FROM highlight_stories hs WHERE hs.highlight_id = h.id) AS story_count
          FROM highlights h WHERE h.id = @id AND h.user_id = @caller FOR NO KEY UPDATE
        """;

    // Key-share locked until the edit commits: the story's deletion (which takes no highlight lock) then waits for a cover
    // chosen from it instead of taking the link away between this check and the cover's foreign key (a 500).
    public const string HasStory = "SELECT EXISTS (SELECT 1 FROM highlight_stories WHERE highlight_id = @id AND story_id = @storyId FOR KEY SHARE)";

    public const string Rename = "UPDATE highlights SET title = @title, updated_at = @now WHERE id = @id AND user_id = @caller";

    public const string Move = """
        UPDATE highlights SET display_order = CASE
                 WHEN id = @id THEN @to
                 WHEN @to < @from THEN display_order + 1
                 ELSE display_order - 1 END,
               updated_at = CASE WHEN id = @id THEN @now ELSE updated_at END
         WHERE user_id = @caller
           AND (id = @id OR display_order BETWEEN least(@from, @to) AND greatest(@from, @to))
        """;

    public const string Delete = "DELETE FROM highlights WHERE id = @id AND user_id = @caller RETURNING display_order";

    public const string CloseGap = "UPDATE highlights SET display_order = display_order - 1 WHERE user_id = @caller AND display_order > @gap";

    // A deleted story's remembered place goes too: taken out of the highlight, it does not come back into it when restored.
    public const string Unlink = """
        DELETE FROM highlight_stories WHERE highlight_id = @id AND story_id = @storyId AND user_id = @caller;
        DELETE FROM deleted_highlight_stories WHERE highlight_id = @id AND story_id = @storyId AND user_id = @caller;
        UPDATE highlights SET updated_at = @now WHERE id = @id AND user_id = @caller;
        """;

    public const string Touch = "UPDATE highlights SET updated_at = @now WHERE id = @id";

    /// <summary>
    /// Highlights of @ownerId (or the one @id) as @viewer sees them. Others see a highlight only while it
    /// holds a story visible to them; the owner sees all, empty ones included. A token that outlived its account sees none
    /// (docs/accounts.md "Sessions": GET /highlights/{id} answers its 401 on the way to the 404).
    /// </summary>
    public static readonly string Select = $"""
        SELECT h.id, h.user_id, u.username, u.avatar, h.title, h.display_order, h.created_at, h.updated_at,
               count(s.id)::int AS story_count,
               coalesce(CASE WHEN bool_or(s.id = h.cover_story_id) THEN h.cover_story_id END,
                        (array_agg(s.id ORDER BY s.created_at, s.id) FILTER (WHERE s.id IS NOT NULL))[1]) AS cover_story_id
          FROM highlights h
          JOIN users u ON u.id = h.user_id
          LEFT JOIN highlight_stories hs ON hs.highlight_id = h.id
          LEFT JOIN stories s ON s.id = hs.story_id AND s.deleted_at IS NULL AND {Visibility.StoryFilter("s.user_id", "s.audience")}
         WHERE {Visibility.ContentFilter("h.user_id")} AND {LiveCaller.Is("@viewer")}
           AND (@id::uuid IS NULL OR h.id = @id) AND (@ownerId::uuid IS NULL OR h.user_id = @ownerId)
         GROUP BY h.id, u.id
        HAVING h.user_id = @viewer OR count(s.id) > 0
         ORDER BY h.display_order
         LIMIT @max
        """;

    /// <summary>Stories of highlight(s) @ids visible to @viewer (or just @storyIds), in play order.</summary>
    public static readonly string Stories = $"""
        SELECT hs.highlight_id, s.id, s.blob_name, s.media_type, up.content_type, s.media_deleted_at, s.audience, s.alt_text,
               s.created_at, hs.added_at, {StoryReplyAudience.TakesReply} AS can_reply, {StoryReplyAudience.TakesReaction} AS can_react
          FROM highlight_stories hs
          JOIN stories s ON s.id = hs.story_id
          JOIN users u ON u.id = s.user_id
          LEFT JOIN uploads up ON up.id = s.upload_id
         WHERE hs.highlight_id = ANY(@ids) AND s.deleted_at IS NULL AND {Visibility.StoryFilter("s.user_id", "s.audience")}
           AND (@storyIds::uuid[] IS NULL OR s.id = ANY(@storyIds))
         ORDER BY s.created_at, s.id
        """;
}
