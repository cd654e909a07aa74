using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Moderation;

/// <summary>Reports and the moderators' queue (docs/moderation.md).</summary>
public static class ModerationModule
{
    public static IServiceCollection AddModeration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ModerationOptions>(configuration, ModerationOptions.Section);
        services.AddSingleton<ReportsApi>();
        services.AddSingleton<ModerationApi>();
        services.AddSingleton<Suspensions>();
        services.AddSingleton<SuspensionsApi>();
        services.AddSingleton<AppealsApi>();
        services.AddSingleton<RemovalsApi>();
        services.AddSingleton<RemovalAppealsApi>();
        services.AddSingleton<MediaDeletesApi>();
        services.AddSingleton<IEventConsumer, AppealMailConsumer>();
        services.AddSingleton<IScheduledJob, SuspensionExpiryJob>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (ModerationFunctions).</summary>
    public static IEndpointRouteBuilder MapModeration(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/reports", (HttpRequest r, ReportsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateReportRequest>("targetType", "targetId", "reason").Returns<ReportView>(201, 200);
        app.MapGet("/api/v1/users/me/reports", (HttpRequest r, ReportsApi api, CancellationToken ct) => api.Mine(r, ct))
            .Paged().Returns<Page<ReportView>>();
        app.MapGet("/api/v1/moderation/reports", (HttpRequest r, ModerationApi api, CancellationToken ct) => api.Queue(r, ct))
            .Paged().Query("type", "Only reports of this kind of target: user, post, comment, reel, reel_comment, story, igtv_video, igtv_comment, message, live_stream, product or note.")
            .Query("limited", "true: only reports whose target is limited while in review now (docs/moderation.md); false or absent: all.")
            .Returns<Page<QueuedReport>>().CanForbid();
        app.MapGet("/api/v1/moderation/reports/{id}", (HttpRequest r, string id, ModerationApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<ModeratedReport>().CanForbid();
        app.MapPost("/api/v1/moderation/reports/{id}/review", (HttpRequest r, string id, ModerationApi api, CancellationToken ct) => api.Review(r, id, ct))
            .NoContent().CanForbid();
        app.MapPost("/api/v1/moderation/reports/{id}/resolve", (HttpRequest r, string id, ModerationApi api, CancellationToken ct) => api.Resolve(r, id, ct))
            .Body<ResolveReportRequest>("outcome").Returns<ReportView>().CanForbid();
        app.MapGet("/api/v1/moderation/suspensions", (HttpRequest r, SuspensionsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<SuspensionView>>().CanForbid();
        app.MapGet("/api/v1/moderation/suspensions/{username}", (HttpRequest r, string username, SuspensionsApi api, CancellationToken ct) =>
            api.Get(r, username, ct)).Returns<SuspensionView>().CanForbid();
        app.MapPut("/api/v1/moderation/suspensions/{username}", (HttpRequest r, string username, SuspensionsApi api, CancellationToken ct) =>
            api.Suspend(r, username, ct)).Body<SuspendRequest>("reason").Returns<SuspensionView>(201, 200).CanForbid();
        app.MapDelete("/api/v1/moderation/suspensions/{username}", (HttpRequest r, string username, SuspensionsApi api, CancellationToken ct) =>
            api.Lift(r, username, ct)).NoContent().CanForbid();
        app.MapPost("/api/v1/auth/appeals", (HttpRequest r, AppealsApi api, CancellationToken ct) => api.Appeal(r, ct))
            .Open().Body<AppealRequest>("login", "password", "message").Returns<AppealView>(201, 200).ChecksCredentials();
        app.MapGet("/api/v1/moderation/appeals", (HttpRequest r, AppealsApi api, CancellationToken ct) => api.Queue(r, ct))
            .Paged().Returns<Page<ModeratedAppeal>>().CanForbid();
        app.MapGet("/api/v1/moderation/appeals/{id}", (HttpRequest r, string id, AppealsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<ModeratedAppeal>().CanForbid();
        app.MapPost("/api/v1/moderation/appeals/{id}/decide", (HttpRequest r, string id, AppealsApi api, CancellationToken ct) => api.Decide(r, id, ct))
            .Body<DecideAppealRequest>("outcome").Returns<ModeratedAppeal>().CanForbid();
        app.MapGet("/api/v1/users/me/removals", (HttpRequest r, RemovalsApi api, CancellationToken ct) => api.Mine(r, ct))
            .Paged().Returns<Page<RemovalView>>();
        app.MapGet("/api/v1/users/me/removals/{id}", (HttpRequest r, string id, RemovalsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Returns<RemovalView>();
        app.MapPost("/api/v1/users/me/removals/{id}/appeal", (HttpRequest r, string id, RemovalsApi api, CancellationToken ct) => api.Appeal(r, id, ct))
            .Body<RemovalAppealRequest>("message").Returns<RemovalView>(201, 200);
        app.MapGet("/api/v1/moderation/removal-appeals", (HttpRequest r, RemovalAppealsApi api, CancellationToken ct) => api.Queue(r, ct))
            .Paged().Returns<Page<ModeratedRemovalAppeal>>().CanForbid();
        app.MapGet("/api/v1/moderation/removal-appeals/{id}", (HttpRequest r, string id, RemovalAppealsApi api, CancellationToken ct) =>
            api.Get(r, id, ct)).Returns<ModeratedRemovalAppeal>().CanForbid();
        app.MapPost("/api/v1/moderation/removal-appeals/{id}/decide", (HttpRequest r, string id, RemovalAppealsApi api, CancellationToken ct) =>
            api.Decide(r, id, ct)).Body<DecideAppealRequest>("outcome").Returns<ModeratedRemovalAppeal>().CanForbid();
        app.MapGet("/api/v1/moderation/media-deletes", (HttpRequest r, MediaDeletesApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Query("state", "dead: only deletes the clean-up gave up; retrying: only those it tries again after a back-off; absent: all.")
            .Returns<Page<MediaDeleteView>>().CanForbid();
        app.MapPost("/api/v1/moderation/media-deletes/{id}/retry", (HttpRequest r, string id, MediaDeletesApi api, CancellationToken ct) =>
            api.Retry(r, id, ct)).Returns<MediaDeleteView>().CanForbid();
        return app;
    }
}
