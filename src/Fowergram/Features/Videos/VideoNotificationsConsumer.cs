using Fowergram.Features.Notifications;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Videos;

/// <summary>
/// Notices about long-form videos (<see cref="ThreadedThingNotifications"/>): video_like and video_comment to the video's
/// author, reply, comment_like, comment_pin, and mention to whoever a comment names (a video's description mentions no one).
/// A video is seen by its author, and once published by whoever may see the author's content.
/// </summary>
public sealed class VideoNotificationsConsumer(TimeProvider time) : ThreadedThingNotifications(time, Videos)
{
    public const string ConsumerName = "igtv-notifications";

    private static readonly ThreadedThing Videos = new(ConsumerName, "igtv_videos",
        $"(t.user_id = x.recipient OR (t.is_published AND {VisibilityPolicy.ContentFilter("t.user_id", "x.recipient")}))",
        "igtv_likes", "video_id", "igtv_comments", "igtv_comment_likes", "video_like", "video_comment", VideoEvents.EntityVideo,
        VideoEvents.EntityComment, "videoId", "videoAuthorId", VideoEvents.Liked, VideoEvents.Unliked, VideoEvents.CommentCreated,
        VideoEvents.CommentLiked, VideoEvents.CommentUnliked, MentionsInThing: false);
}
