using Fowergram.Features.Notifications;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>
/// Notices about reels (<see cref="ThreadedThingNotifications"/>): reel_like and reel_comment to the reel's author, reply,
/// comment_like, comment_pin, and mention to whoever a caption or a comment on a reel names. A reel is seen by whoever may
/// see its author's content.
/// </summary>
public sealed class ReelNotificationsConsumer(TimeProvider time) : ThreadedThingNotifications(time, Reels)
{
    public const string ConsumerName = "reel-notifications";

    private static readonly ThreadedThing Reels = new(ConsumerName, "reels", VisibilityPolicy.ContentFilter("t.user_id", "x.recipient"),
        "reel_likes", "reel_id", "reel_comments", "reel_comment_likes", "reel_like", "reel_comment", ReelEvents.EntityReel, ReelEvents.EntityComment,
        "reelId", "reelAuthorId", ReelEvents.Liked, ReelEvents.Unliked, ReelEvents.CommentCreated, ReelEvents.CommentLiked,
        ReelEvents.CommentUnliked, MentionsInThing: true);
}
