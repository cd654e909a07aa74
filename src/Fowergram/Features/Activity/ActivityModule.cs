using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Activity;

/// <summary>The activity log: written by the activity-log consumer, read by its owner.</summary>
public static class ActivityModule
{
    public static IServiceCollection AddActivity(this IServiceCollection services)
    {
        services.AddSingleton<IEventConsumer, ActivityLogConsumer>();
        services.AddSingleton<ActivityApi>();
        services.AddSingleton<TimeSpentApi>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs.</summary>
    public static IEndpointRouteBuilder MapActivity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/users/me/activity", (HttpRequest r, ActivityApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Query("type", "Only activity of this type, such as post.liked.").Returns<Page<ActivityItem>>();
        app.MapGet("/api/v1/users/me/activity/summary", (HttpRequest r, ActivityApi api, CancellationToken ct) => api.Summary(r, ct))
            .Query("days", $"How many days back, 1 to {ActivityApi.MaxDays} (default {ActivityApi.DefaultDays}).").Returns<ActivitySummary>();
        app.MapGet("/api/v1/users/me/time-spent", (HttpRequest r, TimeSpentApi api, CancellationToken ct) => api.Get(r, ct))
            .Query("days", $"How many UTC days back, today included, 1 to {ActivityApi.MaxDays} (default {ActivityApi.DefaultDays}).").Returns<TimeSpent>();
        app.MapGet("/api/v1/users/me/daily-limit", (HttpRequest r, TimeSpentApi api, CancellationToken ct) => api.GetLimit(r, ct))
            .Returns<DailyLimitView>();
        app.MapPut("/api/v1/users/me/daily-limit", (HttpRequest r, TimeSpentApi api, CancellationToken ct) => api.PutLimit(r, ct))
            .Body<DailyLimitRequest>().Returns<DailyLimitView>();
        return app;
    }
}
