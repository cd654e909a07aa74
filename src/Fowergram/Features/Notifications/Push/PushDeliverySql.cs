namespace Fowergram.Features.Notifications.Push;

/// <summary>The push-delivery job's statements shared by every <see cref="PushQueue"/>.</summary>
internal static class PushDeliverySql
{
    /// <summary>
    /// The batch's subscriptions, in id order, before any of their queued rows: removing one (its DELETE, then the cascade to
    /// its queues) takes them in that order, and settling a queued row before its subscription's row deadlocked with it.
    /// </summary>
    public const string LockSubscriptions = "SELECT id FROM push_subscriptions WHERE id = ANY(@ids) ORDER BY id FOR NO KEY UPDATE";

    public const string Delivered = "UPDATE push_subscriptions SET last_success_at = @now WHERE id = @subscriptionId";

    /// <summary>The subscription can never be pushed to again (gone at the push service, its session ended): its queues go with it.</summary>
    public const string DropSubscription = "DELETE FROM push_subscriptions WHERE id = @subscriptionId";
}

internal sealed class ClaimedPush
{
    public Guid ItemId { get; init; }
    public DateTimeOffset? ItemCreatedAt { get; init; }
    public Guid SubscriptionId { get; init; }
    public int Attempts { get; init; }
}

/// <summary>A claimed row read back by its queue's <see cref="PushQueue.Load"/>.</summary>
internal sealed class PushCandidate
{
    public Guid ItemId { get; init; }
    public Guid SubscriptionId { get; init; }
    public int Attempts { get; init; }
    public Guid UserId { get; init; }
    /// <summary>push_subscriptions.kind: <c>web</c> (endpoint, p256dh, auth), <c>fcm</c> or <c>apns</c> (endpoint is the app's token).</summary>
    public string Kind { get; init; } = "web";
    public string Endpoint { get; init; } = "";
    public byte[]? P256dh { get; init; }
    public byte[]? Auth { get; init; }
    public bool SessionLive { get; init; }
    public bool Shown { get; init; }
    public bool Wanted { get; init; }
    public string? Type { get; init; }
    public string? EntityType { get; init; }
    public Guid? EntityId { get; init; }
    public string? Message { get; init; }
    /// <summary>A countdown_ended notice's story (migration 0264).</summary>
    public Guid? StoryId { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>A notice's <c>notifications.seq</c> (the read mark's order); null in other queues.</summary>
    public long? Seq { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorUsername { get; init; }
    public string? ActorAvatar { get; init; }
    public bool? ActorIsVerified { get; init; }
    /// <summary>Per queue: a message's type (text, image …).</summary>
    public string? Detail { get; init; }
    /// <summary>Per queue: a group's name.</summary>
    public string? Title { get; init; }

    public NotificationRow ToNotification() => new()
    {
        Id = ItemId, Type = Type ?? "", EntityType = EntityType, EntityId = EntityId, Message = Message, StoryId = StoryId, CreatedAt = CreatedAt ?? default,
        ActorId = ActorId, ActorUsername = ActorUsername, ActorAvatar = ActorAvatar, ActorIsVerified = ActorIsVerified ?? false,
    };
}
