using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Fowergram.Platform.Profiles;
using Fowergram.Platform.Purge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Social;

/// <summary>The social graph: follows and requests, blocks, mutes, close friends, suggestions, user search (docs/social-graph.md).</summary>
public static class SocialModule
{
    public static IServiceCollection AddSocial(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SuggestionsOptions>(configuration, SuggestionsOptions.Section);
        services.AddSingleton<FollowApi>();
        services.AddSingleton<TagsAndMentionsApi>();
        services.AddSingleton<IAccountPurgeStep, FollowsPurgeStep>();
        services.AddSingleton<FollowRequestsApi>();
        services.AddSingleton<FollowListsApi>();
        services.AddSingleton<BlocksApi>();
        services.AddSingleton<RestrictionsApi>();
        services.AddSingleton<LimitsApi>();
        services.AddSingleton<MutesApi>();
        services.AddSingleton<NoteMutesApi>();
        services.AddSingleton<NotificationSubscriptionsApi>();
        services.AddSingleton<CloseFriendsApi>();
        services.AddSingleton<StoryHidingApi>();
        services.AddSingleton<DiscoveryApi>();
        services.AddSingleton<SearchHistoryApi>();
        services.AddSingleton<IProfileSection, SocialProfileSection>();
        services.AddSingleton<IEventConsumer, SocialCountersConsumer>();
        services.AddSingleton<IEventConsumer, SocialNotificationsConsumer>();
        services.AddSingleton<IEventConsumer, PrivacyApprovalConsumer>();
        services.AddSingleton<IEventConsumer, SubscriptionNotificationsConsumer>();
        services.AddSingleton<UserStatsReconciliationJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<UserStatsReconciliationJob>());
        services.AddSingleton<IScheduledJob, SuggestionsRefreshJob>();
        return services;
    }

    /// <summary>
    /// The Functions host declares the same (method, template) pairs (Http/SocialFunctions.cs). Literal
    /// segments outrank {username}: /users/search and /users/me/... never reach a username route
    /// ("me" and "search" are reserved usernames).
    /// </summary>
    private const string ListSearch = "Only entries whose username or name holds this (at most 64 characters); absent lists them all.";

    public static IEndpointRouteBuilder MapSocial(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/v1/users/{username}/follow", (string username, HttpRequest r, FollowApi api, CancellationToken ct) => api.Follow(r, username, ct))
            .Returns<FollowStatus>();
        app.MapDelete("/api/v1/users/{username}/follow", (string username, HttpRequest r, FollowApi api, CancellationToken ct) => api.Unfollow(r, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/me/followers/{username}", (string username, HttpRequest r, FollowApi api, CancellationToken ct) => api.RemoveFollower(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/follow-requests", (HttpRequest r, FollowRequestsApi api, CancellationToken ct) => api.Incoming(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapGet("/api/v1/users/me/follow-requests/sent", (HttpRequest r, FollowRequestsApi api, CancellationToken ct) => api.Sent(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapPost("/api/v1/users/me/follow-requests/{username}/approve", (string username, HttpRequest r, FollowRequestsApi api, CancellationToken ct) => api.Approve(r, username, ct))
            .NoContent();
        app.MapPost("/api/v1/users/me/follow-requests/{username}/decline", (string username, HttpRequest r, FollowRequestsApi api, CancellationToken ct) => api.Decline(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/users/{username}/followers", (string username, HttpRequest r, FollowListsApi api, CancellationToken ct) => api.Followers(r, username, ct))
            .Guest().Paged().Query("q", ListSearch).Returns<Page<UserListItem>>();
        app.MapGet("/api/v1/users/{username}/following", (string username, HttpRequest r, FollowListsApi api, CancellationToken ct) => api.Following(r, username, ct))
            .Guest().Paged().Query("q", ListSearch).Returns<Page<UserListItem>>();
        app.MapGet("/api/v1/users/{username}/followers/mutual", (string username, HttpRequest r, FollowListsApi api, CancellationToken ct) => api.Mutual(r, username, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapPut("/api/v1/users/{username}/block", (string username, HttpRequest r, BlocksApi api, CancellationToken ct) => api.Block(r, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/{username}/block", (string username, HttpRequest r, BlocksApi api, CancellationToken ct) => api.Unblock(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/blocked", (HttpRequest r, BlocksApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapPut("/api/v1/users/{username}/mute", (string username, HttpRequest r, MutesApi api, CancellationToken ct) => api.Mute(r, username, ct))
            .Body<MuteRequest>().Returns<MuteState>();
        app.MapDelete("/api/v1/users/{username}/mute", (string username, HttpRequest r, MutesApi api, CancellationToken ct) => api.Unmute(r, username, ct))
            .NoContent();
        app.MapPut("/api/v1/users/{username}/mute/notes", (string username, HttpRequest r, NoteMutesApi api, CancellationToken ct) => api.Mute(r, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/{username}/mute/notes", (string username, HttpRequest r, NoteMutesApi api, CancellationToken ct) => api.Unmute(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/muted", (HttpRequest r, MutesApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<MutedItem>>();
        app.MapGet("/api/v1/users/{username}/notifications", (string username, HttpRequest r, NotificationSubscriptionsApi api, CancellationToken ct) => api.Get(r, username, ct))
            .Returns<NotificationSubscription>();
        app.MapPut("/api/v1/users/{username}/notifications", (string username, HttpRequest r, NotificationSubscriptionsApi api, CancellationToken ct) => api.Put(r, username, ct))
            .Body<NotificationSubscriptionRequest>().Returns<NotificationSubscription>();
        app.MapGet("/api/v1/users/me/notification-subscriptions", (HttpRequest r, NotificationSubscriptionsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<NotificationSubscriptionItem>>();
        app.MapPut("/api/v1/users/{username}/restrict", (string username, HttpRequest r, RestrictionsApi api, CancellationToken ct) => api.Restrict(r, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/{username}/restrict", (string username, HttpRequest r, RestrictionsApi api, CancellationToken ct) => api.Unrestrict(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/restricted", (HttpRequest r, RestrictionsApi api, CancellationToken ct) => api.Restricted(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapGet("/api/v1/users/me/tags-and-mentions", (HttpRequest r, TagsAndMentionsApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<TagsAndMentionsSettings>();
        app.MapPut("/api/v1/users/me/tags-and-mentions", (HttpRequest r, TagsAndMentionsApi api, CancellationToken ct) => api.Put(r, ct))
            .Body<TagsAndMentionsRequest>("tags", "mentions").Returns<TagsAndMentionsSettings>();
        app.MapGet("/api/v1/users/me/limits", (HttpRequest r, LimitsApi api, CancellationToken ct) => api.Get(r, ct))
            .NotFoundWhenNone().Returns<LimitsState>();
        app.MapPut("/api/v1/users/me/limits", (HttpRequest r, LimitsApi api, CancellationToken ct) => api.Set(r, ct))
            .Body<SetLimitsRequest>("days").Returns<LimitsState>();
        app.MapDelete("/api/v1/users/me/limits", (HttpRequest r, LimitsApi api, CancellationToken ct) => api.End(r, ct)).NoContent();
        app.MapPut("/api/v1/users/me/stories/hidden-from/{username}", (string username, HttpRequest r, StoryHidingApi api, CancellationToken ct) => api.Hide(r, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/me/stories/hidden-from/{username}", (string username, HttpRequest r, StoryHidingApi api, CancellationToken ct) => api.Unhide(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/stories/hidden-from", (HttpRequest r, StoryHidingApi api, CancellationToken ct) => api.Hidden(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapPut("/api/v1/users/me/close-friends/{username}", (string username, HttpRequest r, CloseFriendsApi api, CancellationToken ct) => api.Add(r, username, ct))
            .NoContent();
        app.MapDelete("/api/v1/users/me/close-friends/{username}", (string username, HttpRequest r, CloseFriendsApi api, CancellationToken ct) => api.Remove(r, username, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/close-friends", (HttpRequest r, CloseFriendsApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapGet("/api/v1/users/me/suggestions", (HttpRequest r, DiscoveryApi api, CancellationToken ct) => api.Suggestions(r, ct))
            .Limited().Returns<SuggestionsResponse>();
        app.MapDelete("/api/v1/users/me/suggestions/{username}", (string username, HttpRequest r, DiscoveryApi api, CancellationToken ct) =>
            api.Dismiss(r, username, ct)).NoContent();
        app.MapPut("/api/v1/users/me/suggestions/{username}", (string username, HttpRequest r, DiscoveryApi api, CancellationToken ct) =>
            api.Undismiss(r, username, ct)).NoContent();
        app.MapGet("/api/v1/users/me/suggestions/dismissed", (HttpRequest r, DiscoveryApi api, CancellationToken ct) => api.Dismissed(r, ct))
            .Paged().Returns<Page<UserListItem>>();
        app.MapGet("/api/v1/users/search", (HttpRequest r, DiscoveryApi api, CancellationToken ct) => api.Search(r, ct))
            .Guest().Limited().Query("q", "Part of a username or full name; a leading @ is dropped.", required: true).Returns<ItemsResponse<UserSummary>>();
        app.MapPost("/api/v1/users/me/searches", (HttpRequest r, SearchHistoryApi api, CancellationToken ct) => api.Record(r, ct))
            .Body<RecordSearchRequest>("term", "type").Returns<RecentSearch>(201);
        app.MapGet("/api/v1/users/me/searches", (HttpRequest r, SearchHistoryApi api, CancellationToken ct) => api.List(r, ct))
            .Paged().Returns<Page<RecentSearch>>();
        app.MapDelete("/api/v1/users/me/searches", (HttpRequest r, SearchHistoryApi api, CancellationToken ct) => api.Clear(r, ct)).NoContent();
        app.MapDelete("/api/v1/users/me/searches/{id}", (string id, HttpRequest r, SearchHistoryApi api, CancellationToken ct) => api.Forget(r, id, ct))
            .NoContent();
        return app;
    }
}
