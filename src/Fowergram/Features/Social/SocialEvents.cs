namespace Fowergram.Features.Social;

/// <summary>
/// Outbox event types of the social graph (the team's cross-area contract) and their payloads. Every
/// payload names its entity (<c>entityType</c>/<c>entityId</c>: the other user, from the actor's side)
/// so the activity log records it.
/// </summary>
public static class SocialEvents
{
    /// <summary>Actor: the follower. Also raised by an approval (manual or by a switch to public).</summary>
    public const string FollowCreated = "follow.created";

    /// <summary>
    /// Actor: the follower; also raised for each follow a block removes. When the followed account removed the
    /// follower (<see cref="FollowDeletedPayload.Removed"/>), the actor is the followed account.
    /// </summary>
    public const string FollowDeleted = "follow.deleted";

    /// <summary>Actor: the requester.</summary>
    public const string FollowRequested = "follow.requested";

    /// <summary>Actor: the target (or the account that switched to public).</summary>
    public const string FollowRequestApproved = "follow.request_approved";

    /// <summary>Actor: the target.</summary>
    public const string FollowRequestDeclined = "follow.request_declined";

    /// <summary>Actor: the requester, who withdrew the request.</summary>
    public const string FollowRequestCancelled = "follow.request_cancelled";

    public const string BlockCreated = "block.created";
    public const string BlockDeleted = "block.deleted";
    public const string MuteChanged = "mute.changed";

    /// <summary>Raised by Accounts (PATCH /users/me); consumed here to approve pending requests on a switch to public.</summary>
    public const string AccountPrivacyChanged = "account.privacy_changed";

    /// <summary>
    /// Raised by social-privacy itself when a switch to public left more pending requests than one transaction approves
    /// (<see cref="PrivacyApprovalConsumer.DefaultBatch"/>): the next transaction goes on with them. Payload and actor as
    /// account.privacy_changed's (isPrivate false).
    /// </summary>
    public const string PublicApprovalsPending = "account.public_approvals_pending";
}

public sealed record FollowPayload(Guid FollowerId, Guid FollowingId)
{
    public string EntityType => "user";
    public Guid EntityId => FollowingId;
}

/// <summary>
/// <paramref name="WasCounted"/>: the removed row had been added to the counters (see SocialCountersConsumer).
/// <paramref name="Reason"/>: <c>unfollow</c>, <c>block</c>, <see cref="AccountDeleted"/> or <see cref="Removed"/>.
/// </summary>
public sealed record FollowDeletedPayload(Guid FollowerId, Guid FollowingId, bool WasCounted, string Reason)
{
    /// <summary>The followed account removed the follower; the event's actor is then the followed account.</summary>
    public const string Removed = "removed";

    /// <summary>A block ended the follow (either side blocked); the event's actor is still the follower.</summary>
    public const string Blocked = "block";

    /// <summary>The follow went with an account's purge (FollowsPurgeStep).</summary>
    public const string AccountDeleted = "account_deleted";

    public string EntityType => "user";

    /// <summary>The other account, seen from the event's actor.</summary>
    public Guid EntityId => Reason == Removed ? FollowerId : FollowingId;
}

/// <summary><paramref name="EntityId"/> is the other party, seen from the event's actor.</summary>
public sealed record FollowRequestPayload(Guid RequesterId, Guid TargetId, Guid EntityId)
{
    public string EntityType => "user";
}

public sealed record BlockPayload(Guid BlockerId, Guid BlockedId)
{
    public string EntityType => "user";
    public Guid EntityId => BlockedId;
}

/// <summary>The pair's mute after the change; all false: nothing muted any more.</summary>
public sealed record MutePayload(Guid MuterId, Guid MutedId, bool MutePosts, bool MuteStories, bool MuteNotes)
{
    public string EntityType => "user";
    public Guid EntityId => MutedId;
}

/// <summary>The part of account.privacy_changed this area reads.</summary>
public sealed record PrivacyChangedEvent(Guid UserId, bool IsPrivate);
