using Fowergram.Features.Notifications.Push;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// Direct messages pushed to their recipients (docs/messages.md "Push notifications", migration 0198): queued by a trigger
/// for every other current participant who did not mute the thread; pushed only if, when sent, the recipient can still read
/// it and has not: still in the thread from before it, not muted since, not a hidden request, not read yet, no block either
/// way, the sender's account live, not taken down by a moderator, not vanished. A request is announced without its words.
/// </summary>
public sealed class MessagePushQueue(VanishingRule vanishing) : PushQueue
{
    public override string Table => "push_message_deliveries";
    public override string Key => "message_id";

    public override string Load { get; } = $"""
        SELECT c.item_id, c.subscription_id, c.attempts, s.user_id, s.kind, s.endpoint, s.p256dh, s.auth,
               {PushSubscriptionsSql.LiveSession("s")} AS session_live,
               (m.id IS NOT NULL AND me.user_id IS NOT NULL AND me.left_at IS NULL AND NOT me.is_muted AND m.created_at >= me.joined_at
                AND me.request_hidden_at IS NULL
                AND (me.read_through_at IS NULL OR (m.created_at, m.id) > (me.read_through_at, me.read_through_id))
                AND a.is_active AND a.deleted_at IS NULL AND NOT {VisibilityPolicy.BlockedBetween("s.user_id", "m.sender_id")}
                AND NOT EXISTS (SELECT 1 FROM removed_messages rm WHERE rm.message_id = m.id)
                AND {VanishingRule.Stays("m")}) AS shown,
               coalesce(CASE WHEN me.status = 'request' THEN pp.message_requests ELSE pp.messages END, 'everyone') <> 'off' AS wanted,
               CASE WHEN me.status = 'request' THEN 'message_request' ELSE 'message' END AS type,
               'conversation' AS entity_type, m.conversation_id AS entity_id, m.content AS message, m.created_at,
               a.id AS actor_id, a.username AS actor_username, a.avatar AS actor_avatar, a.is_verified AS actor_is_verified,
               m.message_type AS detail, cv.group_name AS title
          FROM unnest(@itemIds::uuid[], @createdAts::timestamptz[], @subscriptionIds::uuid[], @attempts::int[])
                   AS c(item_id, item_created_at, subscription_id, attempts)
          JOIN push_subscriptions s ON s.id = c.subscription_id
          LEFT JOIN messages m ON m.id = c.item_id
          LEFT JOIN conversations cv ON cv.id = m.conversation_id
          LEFT JOIN conversation_participants me ON me.conversation_id = m.conversation_id AND me.user_id = s.user_id
          LEFT JOIN users a ON a.id = m.sender_id
          LEFT JOIN push_preferences pp ON pp.user_id = s.user_id
        """;

    /// <summary>A person is waiting for an answer: delivered at once even to a phone saving its battery.</summary>
    internal override string Urgency => "high";

    public override object Arguments(DateTimeOffset now) => new { stillSince = vanishing.StillSince(now) };

    internal override PushPayload Payload(PushCandidate c)
    {
        var who = c.Title is { } group ? $"{c.ActorUsername} in {group}" : c.ActorUsername;
        var text = c.Type == "message_request" ? $"{c.ActorUsername} wants to send you a message."
            : c.Message is { Length: > 0 } words ? $"{who}: {words}"
            : $"{who} {What(c.Detail)}";
        return new PushPayload(c.ItemId, c.Type!, Cut(text), c.EntityType, c.EntityId, c.ActorUsername, c.CreatedAt!.Value);
    }

    private static string What(string? type) => type switch
    {
        "image" => "sent a photo.",
        "video" => "sent a video.",
        "audio" => "sent a voice message.",
        "post_share" => "shared a post.",
        "story_share" => "shared a story.",
        "reel_share" => "shared a reel.",
        "video_share" => "shared a video.",
        "note_reply" => "replied to your note.",
        "story_reply" => "replied to your story.",
        _ => "sent a message.",
    };
}
