using Fowergram.Features.Notifications.Push;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Notifications;

/// <summary>The notifications inbox. Notices are written by each area's consumers (e.g. social-notifications).</summary>
public static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<NotificationsApi>();
        services.AddSingleton<QuietModeApi>();
        services.AddValidatedOptions<PushOptions>(configuration, PushOptions.Section);
        services.AddSingleton<VapidKeys>();
        services.AddSingleton<PushSender>();
        services.AddSingleton<FcmSender>();
        services.AddSingleton<ApnsSender>();
        services.AddSingleton<PushSubscriptionsApi>();
        services.AddSingleton<PushPreferencesApi>();
        services.AddSingleton<PushQueue, NotificationPushQueue>();
        services.AddSingleton<IScheduledJob, PushDeliveryJob>();
        services.AddSingleton<Fowergram.Platform.Purge.IAccountPurgeStep, PushPurgeStep>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (Http/NotificationsFunctions.cs).</summary>
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/notifications", (HttpRequest r, NotificationsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Query("group", "true or false: whether notices of one kind about one thing come as one group (the default is ungrouped).").Returns<Page<NotificationView>>();
        app.MapGet("/api/v1/notifications/unread-count", (HttpRequest r, NotificationsApi api, CancellationToken ct) => api.CountUnread(r, ct))
            .Returns<UnreadCount>();
        app.MapPost("/api/v1/notifications/{id}/read", (string id, HttpRequest r, NotificationsApi api, CancellationToken ct) => api.MarkRead(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/notifications/read-all", (HttpRequest r, NotificationsApi api, CancellationToken ct) => api.MarkAllRead(r, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/quiet-mode", (HttpRequest r, QuietModeApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<QuietModeView>();
        app.MapPut("/api/v1/users/me/quiet-mode", (HttpRequest r, QuietModeApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<QuietModeRequest>("enabled").Returns<QuietModeView>();
        app.MapGet("/api/v1/users/me/quiet-mode/summary", (HttpRequest r, QuietModeApi api, CancellationToken ct) => api.Summary(r, ct))
            .Returns<QuietSummaryView>();
        app.MapGet("/api/v1/push/key", (HttpRequest r, PushSubscriptionsApi api, CancellationToken ct) => api.Key(r, ct)).Open().Returns<PushKeyView>();
        app.MapPost("/api/v1/users/me/push-subscriptions", (HttpRequest r, PushSubscriptionsApi api, CancellationToken ct) => api.Subscribe(r, ct))
            .Body<PushSubscriptionRequest>().Returns<PushSubscriptionView>(201);
        app.MapGet("/api/v1/users/me/push-subscriptions", (HttpRequest r, PushSubscriptionsApi api, CancellationToken ct) => api.List(r, ct))
            .Returns<PushSubscriptionList>();
        app.MapDelete("/api/v1/users/me/push-subscriptions/{id}", (HttpRequest r, string id, PushSubscriptionsApi api, CancellationToken ct) => api.Delete(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/push-preferences", (HttpRequest r, PushPreferencesApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<PushPreferencesView>();
        app.MapPut("/api/v1/users/me/push-preferences", (HttpRequest r, PushPreferencesApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<PushPreferencesRequest>().Returns<PushPreferencesView>();
        return app;
    }
}
