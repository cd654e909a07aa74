using Fowergram.Features.Social;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>Follows and follow requests of <see cref="SocialModule.MapSocial"/>, one call each into the same handlers.</summary>
public sealed class FollowFunctions(FollowApi follows, FollowRequestsApi requests, FollowListsApi lists)
{
    [Function("SocialFollow")]
    public Task<IResult> Follow([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/{username}/follow")] HttpRequest request,
        string username, CancellationToken ct) => follows.Follow(request, username, ct);

    [Function("SocialUnfollow")]
    public Task<IResult> Unfollow([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/{username}/follow")] HttpRequest request,
        string username, CancellationToken ct) => follows.Unfollow(request, username, ct);

    [Function("SocialRemoveFollower")]
    public Task<IResult> RemoveFollower(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/followers/{username}")] HttpRequest request,
        string username, CancellationToken ct) => follows.RemoveFollower(request, username, ct);

    [Function("SocialIncomingFollowRequests")]
    public Task<IResult> Incoming([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/follow-requests")] HttpRequest request,
        CancellationToken ct) => requests.Incoming(request, ct);

    [Function("SocialSentFollowRequests")]
    public Task<IResult> Sent([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/follow-requests/sent")] HttpRequest request,
        CancellationToken ct) => requests.Sent(request, ct);

    [Function("SocialApproveFollowRequest")]
    public Task<IResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/follow-requests/{username}/approve")] HttpRequest request,
        string username, CancellationToken ct) => requests.Approve(request, username, ct);

    [Function("SocialDeclineFollowRequest")]
    public Task<IResult> Decline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/follow-requests/{username}/decline")] HttpRequest request,
        string username, CancellationToken ct) => requests.Decline(request, username, ct);

    [Function("SocialFollowers")]
    public Task<IResult> Followers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/followers")] HttpRequest request,
        string username, CancellationToken ct) => lists.Followers(request, username, ct);

    [Function("SocialMutualFollowers")]
    public Task<IResult> Mutual([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/followers/mutual")] HttpRequest request,
        string username, CancellationToken ct) => lists.Mutual(request, username, ct);

    [Function("SocialFollowing")]
    public Task<IResult> Following([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/following")] HttpRequest request,
        string username, CancellationToken ct) => lists.Following(request, username, ct);
}

/// <summary>Blocks, mutes, restrictions, limits and close friends of <see cref="SocialModule.MapSocial"/>.</summary>
public sealed class PrivacyFunctions(BlocksApi blocks, MutesApi mutes, RestrictionsApi restrictions, LimitsApi limits, CloseFriendsApi closeFriends)
{
    [Function("SocialBlock")]
    public Task<IResult> Block([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/{username}/block")] HttpRequest request,
        string username, CancellationToken ct) => blocks.Block(request, username, ct);

    [Function("SocialUnblock")]
    public Task<IResult> Unblock([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/{username}/block")] HttpRequest request,
        string username, CancellationToken ct) => blocks.Unblock(request, username, ct);

    [Function("SocialBlocked")]
    public Task<IResult> Blocked([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/blocked")] HttpRequest request,
        CancellationToken ct) => blocks.List(request, ct);

    [Function("SocialMute")]
    public Task<IResult> Mute([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/{username}/mute")] HttpRequest request,
        string username, CancellationToken ct) => mutes.Mute(request, username, ct);

    [Function("SocialUnmute")]
    public Task<IResult> Unmute([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/{username}/mute")] HttpRequest request,
        string username, CancellationToken ct) => mutes.Unmute(request, username, ct);

    [Function("SocialMuted")]
    public Task<IResult> Muted([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/muted")] HttpRequest request,
        CancellationToken ct) => mutes.List(request, ct);

    [Function("SocialRestrict")]
    public Task<IResult> Restrict([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/{username}/restrict")] HttpRequest request,
        string username, CancellationToken ct) => restrictions.Restrict(request, username, ct);

    [Function("SocialUnrestrict")]
    public Task<IResult> Unrestrict([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/{username}/restrict")] HttpRequest request,
        string username, CancellationToken ct) => restrictions.Unrestrict(request, username, ct);

    [Function("SocialRestricted")]
    public Task<IResult> Restricted([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/restricted")] HttpRequest request,
        CancellationToken ct) => restrictions.Restricted(request, ct);

    [Function("SocialLimits")]
    public Task<IResult> Limits([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/limits")] HttpRequest request,
        CancellationToken ct) => limits.Get(request, ct);

    [Function("SocialSetLimits")]
    public Task<IResult> SetLimits([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/limits")] HttpRequest request,
        CancellationToken ct) => limits.Set(request, ct);

    [Function("SocialEndLimits")]
    public Task<IResult> EndLimits([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/limits")] HttpRequest request,
        CancellationToken ct) => limits.End(request, ct);

    [Function("SocialAddCloseFriend")]
    public Task<IResult> AddCloseFriend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/close-friends/{username}")] HttpRequest request,
        string username, CancellationToken ct) => closeFriends.Add(request, username, ct);

    [Function("SocialRemoveCloseFriend")]
    public Task<IResult> RemoveCloseFriend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/close-friends/{username}")] HttpRequest request,
        string username, CancellationToken ct) => closeFriends.Remove(request, username, ct);

    [Function("SocialCloseFriends")]
    public Task<IResult> CloseFriends([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/close-friends")] HttpRequest request,
        CancellationToken ct) => closeFriends.List(request, ct);
}

/// <summary>"Hide story and live from" of <see cref="SocialModule.MapSocial"/>.</summary>
public sealed class StoryHidingFunctions(StoryHidingApi hiding)
{
    [Function("SocialHideStoriesFrom")]
    public Task<IResult> Hide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/stories/hidden-from/{username}")] HttpRequest request,
        string username, CancellationToken ct) => hiding.Hide(request, username, ct);

    [Function("SocialUnhideStoriesFrom")]
    public Task<IResult> Unhide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/stories/hidden-from/{username}")] HttpRequest request,
        string username, CancellationToken ct) => hiding.Unhide(request, username, ct);

    [Function("SocialStoriesHiddenFrom")]
    public Task<IResult> Hidden([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/stories/hidden-from")] HttpRequest request,
        CancellationToken ct) => hiding.Hidden(request, ct);
}

/// <summary>Suggestions and user search of <see cref="SocialModule.MapSocial"/>.</summary>
public sealed class DiscoveryFunctions(DiscoveryApi discovery)
{
    [Function("SocialSuggestions")]
    public Task<IResult> Suggestions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/suggestions")] HttpRequest request,
        CancellationToken ct) => discovery.Suggestions(request, ct);

    [Function("SocialDismissSuggestion")]
    public Task<IResult> Dismiss(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/suggestions/{username}")] HttpRequest request, string username,
        CancellationToken ct) => discovery.Dismiss(request, username, ct);

    [Function("SocialUndismissSuggestion")]
    public Task<IResult> Undismiss(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/suggestions/{username}")] HttpRequest request, string username,
        CancellationToken ct) => discovery.Undismiss(request, username, ct);

    [Function("SocialDismissedSuggestions")]
    public Task<IResult> Dismissed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/suggestions/dismissed")] HttpRequest request,
        CancellationToken ct) => discovery.Dismissed(request, ct);

    [Function("SocialSearchUsers")]
    public Task<IResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/search")] HttpRequest request,
        CancellationToken ct) => discovery.Search(request, ct);
}

/// <summary>The recent-search routes of <see cref="SocialModule.MapSocial"/>.</summary>
public sealed class SearchHistoryFunctions(SearchHistoryApi history)
{
    [Function("RecordRecentSearch")]
    public Task<IResult> Record([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/searches")] HttpRequest request,
        CancellationToken ct) => history.Record(request, ct);

    [Function("ListRecentSearches")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/searches")] HttpRequest request,
        CancellationToken ct) => history.List(request, ct);

    [Function("ClearRecentSearches")]
    public Task<IResult> Clear([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/searches")] HttpRequest request,
        CancellationToken ct) => history.Clear(request, ct);

    [Function("ForgetRecentSearch")]
    public Task<IResult> Forget([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/searches/{id}")] HttpRequest request,
        string id, CancellationToken ct) => history.Forget(request, id, ct);
}

/// <summary>Notifications from accounts the caller follows (the profile's bell) of <see cref="SocialModule.MapSocial"/>.</summary>
public sealed class NotificationSubscriptionFunctions(NotificationSubscriptionsApi subscriptions)
{
    [Function("SocialGetAccountNotifications")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/notifications")] HttpRequest request,
        string username, CancellationToken ct) => subscriptions.Get(request, username, ct);

    [Function("SocialSetAccountNotifications")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/{username}/notifications")] HttpRequest request,
        string username, CancellationToken ct) => subscriptions.Put(request, username, ct);

    [Function("SocialNotificationSubscriptions")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/notification-subscriptions")] HttpRequest request,
        CancellationToken ct) => subscriptions.List(request, ct);
}

/// <summary>"Mute notes" of <see cref="SocialModule.MapSocial"/>.</summary>
public sealed class NoteMuteFunctions(NoteMutesApi noteMutes)
{
    [Function("SocialMuteNotes")]
    public Task<IResult> Mute([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/{username}/mute/notes")] HttpRequest request,
        string username, CancellationToken ct) => noteMutes.Mute(request, username, ct);

    [Function("SocialUnmuteNotes")]
    public Task<IResult> Unmute([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/{username}/mute/notes")] HttpRequest request,
        string username, CancellationToken ct) => noteMutes.Unmute(request, username, ct);
}
