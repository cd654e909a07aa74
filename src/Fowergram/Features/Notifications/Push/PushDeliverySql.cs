namespace Fowergram.Features.Notifications.Push;

/// <summary>SQL of the push-delivery job over <c>push_deliveries</c> (migration 0195).</summary>
internal static class PushDeliverySql
{
    /// <summary>
    /// Takes due rows, oldest first, and leases them (@leaseUntil) before anything is sent: rows another run holds are
    /// skipped, and a run that dies mid-send leaves them due again when the lease ends (so a push may come twice, never
    /// not at all while attempts remain).
    /// </summary>
    public const string Claim = """
        WITH due AS (
            SELECT notification_id, subscription_id FROM push_deliveries
             WHERE due_at <= @now ORDER BY due_at LIMIT @batch FOR UPDATE SKIP LOCKED)
        UPDATE push_deliveries d SET attempts = d.attempts + 1, due_at = @leaseUntil
          FROM due WHERE d.notification_id = due.notification_id AND d.subscription_id = due.subscription_id
        RETURNING d.notification_id, d.notification_created_at, d.subscription_id, d.attempts
        """;

    /// <summary>
    /// Each claimed row with its subscription and, when it still shows in its recipient's inbox unread, its notice: a notice
    /// undone (an unlike), hidden by read time's rules (a block, a deleted post) or read in the app meanwhile is not pushed.
    /// A row whose subscription went meanwhile is gone with it (cascade). <c>wanted</c>: the recipient's push settings allow it.
    /// </summary>
    public static readonly string Load = $"""
        SELECT c.notification_id, c.subscription_id, c.attempts, s.user_id, s.endpoint, s.p256dh, s.auth,
               {PushSubscriptionsSql.LiveSession("s")} AS session_live,
               (n.id IS NOT NULL AND NOT n.is_read AND n.seq > {NotificationsSql.ReadThroughOf("n.user_id")}
                AND {NotificationsSql.VisibleTo("n.user_id")}) AS shown,
               {PushPreferences.Wanted("s.user_id")} AS wanted,
               n.type, n.entity_type, n.entity_id, n.message, n.created_at,
               a.id AS actor_id, a.username AS actor_username, a.avatar AS actor_avatar, a.is_verified AS actor_is_verified
          FROM unnest(@notificationIds::uuid[], @createdAts::timestamptz[], @subscriptionIds::uuid[], @attempts::int[])
                   AS c(notification_id, notification_created_at, subscription_id, attempts)
          JOIN push_subscriptions s ON s.id = c.subscription_id
          LEFT JOIN notifications n ON n.id = c.notification_id AND n.created_at = c.notification_created_at AND n.user_id = s.user_id
          LEFT JOIN users a ON a.id = n.actor_id
          LEFT JOIN push_preferences pp ON pp.user_id = s.user_id
        """;

    public const string Done = "DELETE FROM push_deliveries WHERE notification_id = @notificationId AND subscription_id = @subscriptionId";

    public const string Delivered = "UPDATE push_subscriptions SET last_success_at = @now WHERE id = @subscriptionId";

    public const string Later = "UPDATE push_deliveries SET due_at = @dueAt WHERE notification_id = @notificationId AND subscription_id = @subscriptionId";

    /// <summary>The subscription can never be pushed to again (gone at the push service, its session ended): its queue goes with it.</summary>
    public const string DropSubscription = "DELETE FROM push_subscriptions WHERE id = @subscriptionId";
}

internal sealed class ClaimedPush
{
    public Guid NotificationId { get; init; }
    public DateTimeOffset NotificationCreatedAt { get; init; }
    public Guid SubscriptionId { get; init; }
    public int Attempts { get; init; }
}

internal sealed class PushCandidate
{
    public Guid NotificationId { get; init; }
    public Guid SubscriptionId { get; init; }
    public int Attempts { get; init; }
    public Guid UserId { get; init; }
    public string Endpoint { get; init; } = "";
    public byte[] P256dh { get; init; } = [];
    public byte[] Auth { get; init; } = [];
    public bool SessionLive { get; init; }
    public bool Shown { get; init; }
    public bool Wanted { get; init; }
    public string? Type { get; init; }
    public string? EntityType { get; init; }
    public Guid? EntityId { get; init; }
    public string? Message { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorUsername { get; init; }
    public string? ActorAvatar { get; init; }
    public bool? ActorIsVerified { get; init; }

    public NotificationRow ToNotification() => new()
    {
        Id = NotificationId, Type = Type ?? "", EntityType = EntityType, EntityId = EntityId, Message = Message, CreatedAt = CreatedAt ?? default,
        ActorId = ActorId, ActorUsername = ActorUsername, ActorAvatar = ActorAvatar, ActorIsVerified = ActorIsVerified ?? false,
    };
}
