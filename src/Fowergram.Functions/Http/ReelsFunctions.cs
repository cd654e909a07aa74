using Fowergram.Features.Reels;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Fowergram.Platform.Http;

namespace Fowergram.Functions.Http;

/// <summary>The reel routes of <see cref="ReelsModule.MapReels"/>.</summary>
public sealed class ReelsFunctions(ReelsApi reels, ReelLikesApi likes, ReelViewsApi views, ReelCommentsApi comments, ReelListsApi lists,
    ReelRecommendationsApi recommended)
{
    [Function("CreateReel")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reels")] HttpRequest request,
        CancellationToken ct) => reels.Create(request, ct);

    [Function("GetTrendingReels")]
    public Task<IResult> Trending([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/trending")] HttpRequest request,
        CancellationToken ct) => lists.Trending(request, ct);

    [Function("GetFollowingReels")]
    public Task<IResult> Following([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/following")] HttpRequest request,
        CancellationToken ct) => lists.Following(request, ct);

    [Function("GetRecommendedReels")]
    public Task<IResult> Recommended([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/recommended")] HttpRequest request,
        CancellationToken ct) => recommended.Get(request, ct);

    [Function("GetReel")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/" + RouteParameters.ReelId)] HttpRequest request,
        string id, CancellationToken ct) => reels.Get(request, id, ct);

    [Function("UpdateReel")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/reels/{id}")] HttpRequest request,
        string id, CancellationToken ct) => reels.Patch(request, id, ct);

    [Function("DeleteReel")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}")] HttpRequest request,
        string id, CancellationToken ct) => reels.Delete(request, id, ct);

    [Function("LikeReel")]
    public Task<IResult> Like([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => likes.Like(request, id, ct);

    [Function("UnlikeReel")]
    public Task<IResult> Unlike([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => likes.Unlike(request, id, ct);

    [Function("ListReelLikers")]
    public Task<IResult> Likers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/likers")] HttpRequest request,
        string id, CancellationToken ct) => likes.Likers(request, id, ct);

    [Function("RecordReelPlay")]
    public Task<IResult> Play([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reels/{id}/views")] HttpRequest request,
        string id, CancellationToken ct) => views.Play(request, id, ct);

    [Function("CreateReelComment")]
    public Task<IResult> CreateComment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reels/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.Create(request, id, ct);

    [Function("ListReelComments")]
    public Task<IResult> ListComments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.List(request, id, ct);

    [Function("ListReelCommentReplies")]
    public Task<IResult> Replies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/comments/{commentId}/replies")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Replies(request, id, commentId, ct);

    [Function("DeleteReelComment")]
    public Task<IResult> DeleteComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/comments/{commentId}")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Delete(request, id, commentId, ct);

    [Function("LikeReelComment")]
    public Task<IResult> LikeComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/comments/{commentId}/like")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Like(request, id, commentId, ct);

    [Function("UnlikeReelComment")]
    public Task<IResult> UnlikeComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/comments/{commentId}/like")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Unlike(request, id, commentId, ct);

    [Function("PinReelComment")]
    public Task<IResult> PinComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Pin(request, id, commentId, ct);

    [Function("UnpinReelComment")]
    public Task<IResult> UnpinComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Unpin(request, id, commentId, ct);

    [Function("ListHeldReelComments")]
    public Task<IResult> HeldComments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/comments/held")] HttpRequest request,
        string id, CancellationToken ct) => comments.Held(request, id, ct);

    [Function("ApproveReelComment")]
    public Task<IResult> ApproveComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reels/{id}/comments/{commentId}/approve")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Approve(request, id, commentId, ct);

    [Function("ListHashtagReels")]
    public Task<IResult> HashtagReels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/hashtags/{name}/reels")] HttpRequest request,
        string name, CancellationToken ct) => lists.HashtagReels(request, name, ct);

    [Function("ListUserReels")]
    public Task<IResult> UserReels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/reels")] HttpRequest request,
        string username, CancellationToken ct) => lists.UserReels(request, username, ct);

    [Function("ListAudioReels")]
    public Task<IResult> AudioReels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/audio/{id}/reels")] HttpRequest request,
        string id, CancellationToken ct) => lists.AudioReels(request, id, ct);
}

/// <summary>Saved audio, of <see cref="ReelsModule"/>.</summary>
public sealed class SavedAudioFunctions(SavedAudioApi saved)
{
    [Function("SaveAudio")]
    public Task<IResult> Save([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/audio/{id}/save")] HttpRequest request,
        string id, CancellationToken ct) => saved.Add(request, id, ct);

    [Function("UnsaveAudio")]
    public Task<IResult> Unsave([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/audio/{id}/save")] HttpRequest request,
        string id, CancellationToken ct) => saved.Remove(request, id, ct);

    [Function("ListSavedAudio")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/saved/audio")] HttpRequest request,
        CancellationToken ct) => saved.List(request, ct);
}

/// <summary>Reel remixes and the account's "allow remixing" switch, of <see cref="ReelsModule"/>.</summary>
public sealed class ReelRemixesFunctions(ReelRemixesApi remixes)
{
    [Function("ListReelRemixes")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/remixes")] HttpRequest request,
        string id, CancellationToken ct) => remixes.List(request, id, ct);

    [Function("GetReelRemixesSwitch")]
    public Task<IResult> GetSwitch([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/reel-remixes")] HttpRequest request,
        CancellationToken ct) => remixes.GetSwitch(request, ct);

    [Function("SetReelRemixesSwitch")]
    public Task<IResult> PutSwitch([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/reel-remixes")] HttpRequest request,
        CancellationToken ct) => remixes.PutSwitch(request, ct);
}
