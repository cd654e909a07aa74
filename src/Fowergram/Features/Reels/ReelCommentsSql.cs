using Fowergram.Platform.Content;

namespace Fowergram.Features.Reels;

/// <summary>Comments of reels: the posts' rules (Features/Comments) over reel_comments (<see cref="CommentThreadSql"/>).</summary>
internal static class ReelCommentsSql
{
    /// <summary>Over reel_comments: reel_comments_reel_top_level for the list, reel_comments_thread for threads; likes in reel_comment_likes.</summary>
    public static readonly CommentThreadSql Thread = new("reel_comments", "reel_id", "reelId", "reel_comment_likes", "reels", ReelEvents.EntityComment);
}
