using Fowergram.Features.Notifications;
using Fowergram.Features.Notifications.Push;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The routes of <see cref="NotificationsModule.MapNotifications"/>, one call each into the same handlers.</summary>
public sealed class NotificationsFunctions(NotificationsApi notifications)
{
    [Function("NotificationsList")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications")] HttpRequest request,
        CancellationToken ct) => notifications.List(request, ct);

    [Function("NotificationsUnreadCount")]
    public Task<IResult> UnreadCount([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications/unread-count")] HttpRequest request,
        CancellationToken ct) => notifications.CountUnread(request, ct);

    [Function("NotificationsMarkRead")]
    public Task<IResult> MarkRead([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/{id}/read")] HttpRequest request,
        string id, CancellationToken ct) => notifications.MarkRead(request, id, ct);

    [Function("NotificationsMarkAllRead")]
    public Task<IResult> MarkAllRead([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/read-all")] HttpRequest request,
        CancellationToken ct) => notifications.MarkAllRead(request, ct);
}

/// <summary>Quiet mode, of <see cref="NotificationsModule.MapNotifications"/>.</summary>
public sealed class QuietModeFunctions(QuietModeApi quietMode)
{
    [Function("GetQuietMode")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/quiet-mode")] HttpRequest request,
        CancellationToken ct) => quietMode.Get(request, ct);

    [Function("SetQuietMode")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/quiet-mode")] HttpRequest request,
        CancellationToken ct) => quietMode.Put(request, ct);

    [Function("QuietModeSummary")]
    public Task<IResult> Summary([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/quiet-mode/summary")] HttpRequest request,
        CancellationToken ct) => quietMode.Summary(request, ct);
}

/// <summary>Push subscriptions (Web Push), of <see cref="NotificationsModule.MapNotifications"/>.</summary>
public sealed class PushSubscriptionsFunctions(PushSubscriptionsApi push)
{
    [Function("PushKey")]
    public Task<IResult> Key([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/push/key")] HttpRequest request,
        CancellationToken ct) => push.Key(request, ct);

    [Function("PushSubscribe")]
    public Task<IResult> Subscribe([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/push-subscriptions")] HttpRequest request,
        CancellationToken ct) => push.Subscribe(request, ct);

    [Function("PushSubscriptionsList")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/push-subscriptions")] HttpRequest request,
        CancellationToken ct) => push.List(request, ct);

    [Function("PushUnsubscribe")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/push-subscriptions/{id}")] HttpRequest request,
        string id, CancellationToken ct) => push.Delete(request, id, ct);
}

/// <summary>Push notification settings, of <see cref="NotificationsModule.MapNotifications"/>.</summary>
public sealed class PushPreferencesFunctions(PushPreferencesApi preferences)
{
    [Function("GetPushPreferences")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/push-preferences")] HttpRequest request,
        CancellationToken ct) => preferences.Get(request, ct);

    [Function("SetPushPreferences")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/push-preferences")] HttpRequest request,
        CancellationToken ct) => preferences.Put(request, ct);
}
