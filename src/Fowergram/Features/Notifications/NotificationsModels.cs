namespace Fowergram.Features.Notifications;

public sealed record NotificationActor(Guid Id, string Username, string? Avatar, bool IsVerified);

/// <summary>
/// One notice. <c>text</c> is the ready-made sentence ("alice started following you."). Grouped lists
/// (<c>?group=true</c>) fold several notices into one: <c>actor</c> is the newest, <c>others</c> how many
/// other actors there are, <c>ids</c> every folded notice; both are omitted for a single notice. <c>duringQuietMode</c>: it
/// arrived during the reader's current or last quiet period (docs/accounts.md "Quiet mode"; omitted otherwise). <c>storyId</c>:
/// a countdown_ended notice's story, whose countdown ended (its entity stays the author; omitted on other notices and on
/// countdown notices written before migration 0264 that could not be told apart).
/// </summary>
public sealed record NotificationView(Guid Id, string Type, NotificationActor? Actor, string? EntityType, Guid? EntityId,
    string? Message, string Text, bool IsRead, DateTimeOffset CreatedAt, int? Others = null, IReadOnlyList<Guid>? Ids = null,
    bool? DuringQuietMode = null, Guid? StoryId = null);

/// <summary>The badge: visible unread notices up to <see cref="Cap"/>; <c>more</c> when there are more (show "99+").</summary>
public sealed record UnreadCount(long Count, bool More)
{
    public const int Cap = 99;
}

internal static class NotificationTexts
{
    public static NotificationView ToView(NotificationRow row) => ToView([row]);

    /// <summary>
    /// A group, newest first: shown as its newest notice, read only when every notice in it is. <paramref name="earlierOthers"/>:
    /// other actors a push already named for the group (<c>PushFolds</c>), counted in.
    /// </summary>
    public static NotificationView ToView(IReadOnlyList<NotificationRow> group, int earlierOthers = 0)
    {
        var row = group[0];
        var actor = row.ActorId is { } id ? new NotificationActor(id, row.ActorUsername ?? "", row.ActorAvatar, row.ActorIsVerified) : null;
        var others = group.Select(r => r.ActorId).Distinct().Count() - 1 + earlierOthers;
        var who = others switch { 0 => actor?.Username, 1 => $"{actor?.Username} and 1 other", _ => $"{actor?.Username} and {others} others" };
        return new NotificationView(row.Id, row.Type, actor, row.EntityType, row.EntityId, row.Message,
            Text(row.Type, row.EntityType, who, row.Message), group.All(r => r.IsRead), row.CreatedAt,
            others > 0 ? others : null, group.Count > 1 ? group.Select(r => r.Id).ToList() : null, StoryId: row.StoryId);
    }

    private static string Text(string type, string? entityType, string? actor, string? message) => type switch
    {
        "follow" => $"{actor} started following you.",
        "follow_request" => $"{actor} requested to follow you.",
        "follow_accept" => $"{actor} accepted your follow request.",
        "like" => $"{actor} liked your post.",
        "comment" => $"{actor} commented on your post.",
        "reply" => $"{actor} replied to your comment.",
        "comment_like" => $"{actor} liked your comment.",
        "comment_pin" => $"{actor} pinned your comment.",
        "mention" => $"{actor} mentioned you.",
        "tag" => $"{actor} tagged you in a post.",
        "story_reaction" => $"{actor} reacted to your story.",
        "story_mention" => $"{actor} mentioned you in their story.",
        "reel_like" => $"{actor} liked your reel.",
        "reel_comment" => $"{actor} commented on your reel.",
        "video_like" => $"{actor} liked your video.",
        "video_comment" => $"{actor} commented on your video.",
        "live_started" => $"{actor} started a live video.",
        "live_invite" => $"{actor} invited you to go live with them.",
        "collab_invite" => $"{actor} invited you to collaborate on their post.",
        "collab_accepted" => $"{actor} accepted your invitation to collaborate.",
        // One notice type for reposts of posts and of reels (migrations 0183, 0184); the entity tells which.
        "repost" => entityType == "reel" ? $"{actor} reposted your reel." : $"{actor} reposted your post.",
        "channel_invite" => $"{actor} invited you to join their broadcast channel \"{message}\".",
        "channel_cohost_invite" => $"{actor} invited you to co-host their broadcast channel \"{message}\".",
        "price_drop" => $"{actor} lowered the price of a product on your wishlist.",
        "back_in_stock" => $"{actor} has a product on your wishlist available again.",
        "note_like" => $"{actor} liked your note.",
        "countdown_ended" => $"{actor}'s countdown \"{message}\" has ended.",
        "reel_remix" => $"{actor} remixed your reel.",
        "new_post" => $"{actor} shared a post.",
        "new_story" => $"{actor} added to their story.",
        "new_reel" => $"{actor} shared a reel.",
        "new_video" => $"{actor} shared a video.",
        "add_yours" => $"{actor} joined your \"Add yours\" chain \"{message}\".",
        _ => message ?? "",
    };
}
