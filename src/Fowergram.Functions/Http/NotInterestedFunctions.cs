using Fowergram.Features.Feed;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The "not interested" routes of <see cref="FeedModule.MapFeed"/>: posts out of explore, reels out of recommended reels.</summary>
public sealed class NotInterestedFunctions(NotInterestedApi notInterested)
{
    [Function("HideAuthorFromDiscovery")]
    public Task<IResult> HideAuthor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/{username}/not-interested")] HttpRequest request, string username,
        CancellationToken ct) => notInterested.HideAuthor(request, username, ct);

    [Function("ShowAuthorInDiscovery")]
    public Task<IResult> ShowAuthor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/{username}/not-interested")] HttpRequest request, string username,
        CancellationToken ct) => notInterested.ShowAuthor(request, username, ct);

    [Function("DismissPostFromExplore")]
    public Task<IResult> DismissPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/not-interested")] HttpRequest request, string id,
        CancellationToken ct) => notInterested.DismissPost(request, id, ct);

    [Function("UndoPostDismissal")]
    public Task<IResult> UndoPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/not-interested")] HttpRequest request, string id,
        CancellationToken ct) => notInterested.UndoPost(request, id, ct);

    [Function("DismissRecommendedReel")]
    public Task<IResult> DismissReel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/not-interested")] HttpRequest request, string id,
        CancellationToken ct) => notInterested.DismissReel(request, id, ct);

    [Function("UndoReelDismissal")]
    public Task<IResult> UndoReel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/not-interested")] HttpRequest request, string id,
        CancellationToken ct) => notInterested.UndoReel(request, id, ct);
}
