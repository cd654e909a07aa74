using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Fowergram.Platform.Purge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Moderation;

namespace Fowergram.Features.Live;

/// <summary>Live broadcasts (the seed's live_streams): lifecycle, audience, live comments, live_started notices (docs/live.md).</summary>
public static class LiveModule
{
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LiveOptions>(configuration, LiveOptions.Section);
        services.AddSingleton<LiveReader>();
        services.AddSingleton<LiveStreamsApi>();
        services.AddSingleton<LiveLifecycleApi>();
        services.AddSingleton<LiveViewersApi>();
        services.AddSingleton<LiveRemindersApi>();
        services.AddSingleton<LiveCommentsApi>();
        services.AddSingleton<LiveModerationApi>();
        services.AddSingleton<LivePinsApi>();
        services.AddSingleton<LiveHeldCommentsApi>();
        services.AddSingleton<LiveGuestsApi>();
        services.AddSingleton<IEventConsumer, LiveNotificationsConsumer>();
        services.AddSingleton<IAccountPurgeStep, LivePurgeStep>();
        services.AddSingleton<IScheduledJob, LiveAutoEndJob>();
        services.AddSingleton<ITakedown, LiveTakedown>();
        services.AddSingleton<IAccountDeparture, LiveGuestDeparture>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (LiveFunctions).</summary>
    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/live", (HttpRequest r, LiveStreamsApi api, CancellationToken ct) => api.Create(r, ct))
            .Body<CreateLiveRequest>("title").Returns<CreatedLiveStream>(201);
        app.MapGet("/api/v1/live/mine", (HttpRequest r, LiveStreamsApi api, CancellationToken ct) => api.Mine(r, ct))
            .Paged().Returns<Page<LiveStreamView>>();
        app.MapGet("/api/v1/live/upcoming", (HttpRequest r, LiveStreamsApi api, CancellationToken ct) => api.Upcoming(r, ct))
            .Paged().Returns<Page<LiveStreamView>>();
        app.MapGet("/api/v1/live/popular", (HttpRequest r, LiveStreamsApi api, CancellationToken ct) => api.Popular(r, ct))
            .Guest().Limited().Returns<PopularLiveStreams>();
        app.MapGet("/api/v1/live/following", (HttpRequest r, LiveStreamsApi api, CancellationToken ct) => api.Following(r, ct))
            .Paged().Returns<Page<LiveStreamView>>();
        app.MapGet("/api/v1/live/" + RouteParameters.LiveId, (HttpRequest r, string id, LiveStreamsApi api, CancellationToken ct) => api.Get(r, id, ct))
            .Guest().Returns<LiveStreamView>();
        app.MapPost("/api/v1/live/{id}/start", (HttpRequest r, string id, LiveLifecycleApi api, CancellationToken ct) => api.Start(r, id, ct))
            .Returns<LiveStreamView>();
        app.MapPost("/api/v1/live/{id}/end", (HttpRequest r, string id, LiveLifecycleApi api, CancellationToken ct) => api.End(r, id, ct))
            .Returns<LiveStreamView>();
        app.MapPost("/api/v1/live/{id}/heartbeat", (HttpRequest r, string id, LiveLifecycleApi api, CancellationToken ct) => api.Heartbeat(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/live/{id}/cancel", (HttpRequest r, string id, LiveLifecycleApi api, CancellationToken ct) => api.Cancel(r, id, ct))
            .Returns<LiveStreamView>();
        app.MapPut("/api/v1/live/{id}/reminder", (HttpRequest r, string id, LiveRemindersApi api, CancellationToken ct) => api.Remind(r, id, ct))
            .NoContent();
        app.MapDelete("/api/v1/live/{id}/reminder", (HttpRequest r, string id, LiveRemindersApi api, CancellationToken ct) => api.Forget(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/live/{id}/join", (HttpRequest r, string id, LiveViewersApi api, CancellationToken ct) => api.Join(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/live/{id}/leave", (HttpRequest r, string id, LiveViewersApi api, CancellationToken ct) => api.Leave(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/live/{id}/comments", (HttpRequest r, string id, LiveCommentsApi api, CancellationToken ct) => api.Post(r, id, ct))
            .Body<CreateLiveCommentRequest>("content").Returns<LiveCommentView>(201).CanForbid();
        app.MapDelete("/api/v1/live/{id}/comments/{commentId}",
            (HttpRequest r, string id, string commentId, LiveCommentsApi api, CancellationToken ct) => api.Delete(r, id, commentId, ct))
            .NoContent();
        app.MapGet("/api/v1/live/{id}/comments", (HttpRequest r, string id, LiveCommentsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Guest().Paged().Returns<Page<LiveCommentView>>();
        app.MapGet("/api/v1/live/{id}/comments/held", (HttpRequest r, string id, LiveHeldCommentsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Paged().Returns<Page<LiveCommentView>>().CanForbid();
        app.MapPost("/api/v1/live/{id}/comments/{commentId}/approve",
            (HttpRequest r, string id, string commentId, LiveHeldCommentsApi api, CancellationToken ct) => api.Approve(r, id, commentId, ct)).NoContent();
        app.MapPut("/api/v1/live/{id}/removed-viewers/{username}",
            (HttpRequest r, string id, string username, LiveModerationApi api, CancellationToken ct) => api.Remove(r, id, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/live/{id}/removed-viewers/{username}",
            (HttpRequest r, string id, string username, LiveModerationApi api, CancellationToken ct) => api.Restore(r, id, username, ct))
            .NoContent();
        app.MapPut("/api/v1/live/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, LivePinsApi api, CancellationToken ct) => api.Pin(r, id, commentId, ct)).NoContent();
        app.MapDelete("/api/v1/live/{id}/comments/{commentId}/pin",
            (HttpRequest r, string id, string commentId, LivePinsApi api, CancellationToken ct) => api.Unpin(r, id, commentId, ct)).NoContent();
        app.MapPut("/api/v1/live/{id}/muted-commenters/{username}",
            (HttpRequest r, string id, string username, LiveModerationApi api, CancellationToken ct) => api.Mute(r, id, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/live/{id}/muted-commenters/{username}",
            (HttpRequest r, string id, string username, LiveModerationApi api, CancellationToken ct) => api.Unmute(r, id, username, ct))
            .NoContent();
        app.MapGet("/api/v1/live/{id}/muted-commenters", (HttpRequest r, string id, LiveModerationApi api, CancellationToken ct) => api.Muted(r, id, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapGet("/api/v1/live/{id}/removed-viewers", (HttpRequest r, string id, LiveModerationApi api, CancellationToken ct) => api.Removed(r, id, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapPut("/api/v1/live/{id}/guests/{username}", (HttpRequest r, string id, string username, LiveGuestsApi api, CancellationToken ct) =>
            api.Invite(r, id, username, ct)).NoContent();
        app.MapDelete("/api/v1/live/{id}/guests/{username}", (HttpRequest r, string id, string username, LiveGuestsApi api, CancellationToken ct) =>
            api.Withdraw(r, id, username, ct)).NoContent();
        app.MapGet("/api/v1/live/{id}/guests", (HttpRequest r, string id, LiveGuestsApi api, CancellationToken ct) => api.List(r, id, ct))
            .Guest().Returns<ItemsResponse<LiveGuestView>>();
        app.MapPost("/api/v1/live/{id}/guest/accept", (HttpRequest r, string id, LiveGuestsApi api, CancellationToken ct) => api.Accept(r, id, ct))
            .Returns<JoinedAsGuest>();
        app.MapPost("/api/v1/live/{id}/guest/decline", (HttpRequest r, string id, LiveGuestsApi api, CancellationToken ct) => api.Decline(r, id, ct))
            .NoContent();
        app.MapPost("/api/v1/live/{id}/guest/leave", (HttpRequest r, string id, LiveGuestsApi api, CancellationToken ct) => api.Leave(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/live-invitations", (HttpRequest r, LiveGuestsApi api, CancellationToken ct) => api.Invitations(r, ct))
            .Paged().Returns<Page<LiveStreamView>>();
        return app;
    }
}
