using Fowergram.Platform.Events;
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
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs.</summary>
    public static IEndpointRouteBuilder MapActivity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/users/me/activity", (HttpRequest r, ActivityApi api, CancellationToken ct) => api.List(r, ct));
        app.MapGet("/api/v1/users/me/activity/summary", (HttpRequest r, ActivityApi api, CancellationToken ct) => api.Summary(r, ct));
        return app;
    }
}
