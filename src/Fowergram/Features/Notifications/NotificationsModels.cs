namespace Fowergram.Features.Notifications;

public sealed record NotificationActor(Guid Id, string Username, string? Avatar, bool IsVerified);

/// <summary>One notice. <c>text</c> is the ready-made sentence ("alice started following you.").</summary>
public sealed record NotificationView(Guid Id, string Type, NotificationActor? Actor, string? EntityType, Guid? EntityId,
    string? Message, string Text, bool IsRead, DateTimeOffset CreatedAt);

public sealed record UnreadCount(long Count);

internal static class NotificationTexts
{
    public static NotificationView ToView(NotificationRow row)
    {
        var actor = row.ActorId is { } id ? new NotificationActor(id, row.ActorUsername ?? "", row.ActorAvatar, row.ActorIsVerified) : null;
        return new NotificationView(row.Id, row.Type, actor, row.EntityType, row.EntityId, row.Message,
            Text(row.Type, actor?.Username, row.Message), row.IsRead, row.CreatedAt);
    }

    private static string Text(string type, string? actor, string? message) => type switch
    {
        "follow" => $"{actor} started following you.",
        "follow_request" => $"{actor} requested to follow you.",
        "follow_accept" => $"{actor} accepted your follow request.",
        "like" => $"{actor} liked your post.",
        "comment" => $"{actor} commented on your post.",
        "reply" => $"{actor} replied to your comment.",
        "comment_like" => $"{actor} liked your comment.",
        "mention" => $"{actor} mentioned you.",
        "tag" => $"{actor} tagged you in a post.",
        "story_reaction" => $"{actor} reacted to your story.",
        "story_mention" => $"{actor} mentioned you in their story.",
        "reel_like" => $"{actor} liked your reel.",
        "reel_comment" => $"{actor} commented on your reel.",
        "live_started" => $"{actor} started a live video.",
        _ => message ?? "",
    };
}
