using Fowergram.Platform.Events;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Options;

namespace Fowergram.Features.Insights;

/// <summary>Insights for creators: read from the counters the event pipeline keeps, the profile visits and the posts' impressions (docs/insights.md).</summary>
public static class InsightsModule
{
    public static IServiceCollection AddInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<InsightsOptions>(configuration, InsightsOptions.Section);
        return services.AddSingleton<InsightsApi>()
            .AddSingleton<ActiveTimesApi>()
            .AddSingleton<ImpressionsApi>()
            .AddSingleton<IScheduledJob, InsightsRetentionJob>()
            .AddSingleton<IEventConsumer, FollowerLossesConsumer>();
    }

    /// <summary>The Functions host declares the same (method, template) pairs (InsightsFunctions).</summary>
    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/users/me/insights", (HttpRequest r, InsightsApi api, CancellationToken ct) => api.Account(r, ct))
            .Query("days", $"How many days back, 1 to {InsightsApi.MaxDays} (default {InsightsApi.DefaultDays}).").Returns<AccountInsights>();
        app.MapGet("/api/v1/users/me/insights/active-times", (HttpRequest r, ActiveTimesApi api, CancellationToken ct) => api.Get(r, ct))
            .Query("utcOffset", "Whole hours from -12 to 14 to shift the hours by (default 0: UTC); not with timeZone.")
            .Query("timeZone", "An IANA time zone such as Europe/Paris: the hours of that zone, each at its own offset (daylight saving included); not with utcOffset.")
            .Returns<ActiveTimes>();
        app.MapGet("/api/v1/posts/{id}/insights", (HttpRequest r, string id, InsightsApi api, CancellationToken ct) => api.Post(r, id, ct))
            .Returns<PostInsights>();
        app.MapPost("/api/v1/impressions", (HttpRequest r, ImpressionsApi api, CancellationToken ct) => api.Record(r, ct))
            .Body<ImpressionsRequest>("posts").NoContent();
        app.MapGet("/api/v1/reels/{id}/insights", (HttpRequest r, string id, InsightsApi api, CancellationToken ct) => api.Reel(r, id, ct))
            .Returns<ReelInsights>();
        app.MapGet("/api/v1/videos/{id}/insights", (HttpRequest r, string id, InsightsApi api, CancellationToken ct) => api.Video(r, id, ct))
            .Returns<VideoInsights>();
        app.MapGet("/api/v1/stories/{id}/insights", (HttpRequest r, string id, InsightsApi api, CancellationToken ct) => api.Story(r, id, ct))
            .Returns<StoryInsights>();
        return app;
    }
}
