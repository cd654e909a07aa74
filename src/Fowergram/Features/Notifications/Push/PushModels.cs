namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// A browser's <c>PushSubscription.toJSON()</c>: <c>{endpoint, keys: {p256dh, auth}}</c> (<c>expirationTime</c> is ignored);
/// or an app's <c>{fcmToken}</c>, the registration token Firebase Cloud Messaging gave it (migration 0213), or an iOS app's
/// <c>{apnsToken}</c>, the device token APNs gave it, hex (0214). One of the three.
/// </summary>
public sealed record PushSubscriptionRequest(string? Endpoint, PushSubscriptionKeys? Keys, string? FcmToken = null, string? ApnsToken = null);

public sealed record PushSubscriptionKeys(string? P256dh, string? Auth);

/// <summary>
/// One of the account's push subscriptions: <c>kind</c> <c>web</c> (a browser), <c>fcm</c> or <c>apns</c> (an app), <c>service</c>
/// the push service's host, or the kind for an app (the endpoint or token itself is a capability and is not shown again),
/// <c>thisSession</c> whether the calling session registered it.
/// </summary>
public sealed record PushSubscriptionView(Guid Id, string Kind, string Service, DateTimeOffset CreatedAt, DateTimeOffset? LastSuccessAt, bool ThisSession);

public sealed record PushSubscriptionList(IReadOnlyList<PushSubscriptionView> Items);

/// <summary>
/// The VAPID public key browsers subscribe with (<c>applicationServerKey</c>), base64url; <c>fcm</c>: whether this server sends
/// app pushes through Firebase Cloud Messaging (apps may register an <c>fcmToken</c>); <c>apns</c>: straight through APNs
/// (iOS apps may register an <c>apnsToken</c>).
/// </summary>
public sealed record PushKeyView(string PublicKey, bool Fcm, bool Apns);

internal sealed class PushSubscriptionRow
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = "web";
    public string Service { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public bool ThisSession { get; init; }
    public bool Created { get; init; }

    public PushSubscriptionView ToView() => new(Id, Kind, Service, CreatedAt, LastSuccessAt, ThisSession);
}

/// <summary>
/// The caller's push notification settings: each category <c>off</c>, <c>following</c> (only from accounts the caller
/// follows) or <c>everyone</c>; <c>followedAccounts</c>, <c>shopping</c>, <c>messages</c>, <c>messageRequests</c> (direct
/// messages, migration 0198) and <c>channels</c> (broadcast channels' messages, 0199) are <c>off</c> or <c>everyone</c>.
/// A PUT sends any of them; those left out stay as they were.
/// </summary>
public sealed record PushPreferencesView(string Likes, string Comments, string Mentions, string Follows, string FollowedAccounts, string Shopping,
    string Messages, string MessageRequests, string Channels);

public sealed record PushPreferencesRequest(string? Likes, string? Comments, string? Mentions, string? Follows, string? FollowedAccounts, string? Shopping,
    string? Messages, string? MessageRequests, string? Channels);
