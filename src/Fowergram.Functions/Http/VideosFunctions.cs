using Fowergram.Features.Videos;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Fowergram.Platform.Http;

namespace Fowergram.Functions.Http;

/// <summary>The long-form video and series routes of <see cref="VideosModule.MapVideos"/>.</summary>
public sealed class VideosFunctions(VideosApi videos, VideoPublishingApi publishing, VideoViewsApi views, VideoLikesApi likes, VideoCommentsApi comments,
    VideoListsApi lists, SeriesApi series)
{
    [Function("CreateVideo")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos")] HttpRequest request,
        CancellationToken ct) => videos.Create(request, ct);

    [Function("ListVideoDrafts")]
    public Task<IResult> Drafts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/drafts")] HttpRequest request,
        CancellationToken ct) => lists.Drafts(request, ct);

    [Function("ListFollowingVideos")]
    public Task<IResult> Following([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/following")] HttpRequest request,
        CancellationToken ct) => lists.Following(request, ct);

    [Function("GetVideo")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/" + RouteParameters.VideoId)] HttpRequest request,
        string id, CancellationToken ct) => videos.Get(request, id, ct);

    [Function("UpdateVideo")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/videos/{id}")] HttpRequest request,
        string id, CancellationToken ct) => videos.Patch(request, id, ct);

    [Function("DeleteVideo")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}")] HttpRequest request,
        string id, CancellationToken ct) => videos.Delete(request, id, ct);

    [Function("PublishVideo")]
    public Task<IResult> Publish([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/publish")] HttpRequest request,
        string id, CancellationToken ct) => publishing.Publish(request, id, ct);

    [Function("UnpublishVideo")]
    public Task<IResult> Unpublish([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/unpublish")] HttpRequest request,
        string id, CancellationToken ct) => publishing.Unpublish(request, id, ct);

    [Function("RecordVideoView")]
    public Task<IResult> View([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/views")] HttpRequest request,
        string id, CancellationToken ct) => views.View(request, id, ct);

    [Function("ListUserVideos")]
    public Task<IResult> Channel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/videos")] HttpRequest request,
        string username, CancellationToken ct) => lists.Channel(request, username, ct);

    [Function("CreateSeries")]
    public Task<IResult> CreateSeries([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/series")] HttpRequest request,
        CancellationToken ct) => series.Create(request, ct);

    [Function("GetSeries")]
    public Task<IResult> GetSeries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/series/{id}")] HttpRequest request,
        string id, CancellationToken ct) => series.Get(request, id, ct);

    [Function("ReorderSeries")]
    public Task<IResult> ReorderSeries([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/series/{id}/order")] HttpRequest request,
        string id, CancellationToken ct) => series.Reorder(request, id, ct);

    [Function("UpdateSeries")]
    public Task<IResult> PatchSeries([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/series/{id}")] HttpRequest request,
        string id, CancellationToken ct) => series.Patch(request, id, ct);

    [Function("DeleteSeries")]
    public Task<IResult> DeleteSeries([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/series/{id}")] HttpRequest request,
        string id, CancellationToken ct) => series.Delete(request, id, ct);

    [Function("ListUserSeries")]
    public Task<IResult> UserSeries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/series")] HttpRequest request,
        string username, CancellationToken ct) => series.UserSeries(request, username, ct);

    [Function("LikeVideo")]
    public Task<IResult> Like([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/videos/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => likes.Like(request, id, ct);

    [Function("UnlikeVideo")]
    public Task<IResult> Unlike([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => likes.Unlike(request, id, ct);

    [Function("ListVideoLikers")]
    public Task<IResult> Likers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/likers")] HttpRequest request,
        string id, CancellationToken ct) => likes.Likers(request, id, ct);

    [Function("CreateVideoComment")]
    public Task<IResult> CreateComment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.Create(request, id, ct);

    [Function("ListVideoComments")]
    public Task<IResult> ListComments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.List(request, id, ct);

    [Function("ListVideoCommentReplies")]
    public Task<IResult> ListReplies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/comments/{commentId}/replies")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Replies(request, id, commentId, ct);

    [Function("DeleteVideoComment")]
    public Task<IResult> DeleteComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}/comments/{commentId}")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Delete(request, id, commentId, ct);

    [Function("LikeVideoComment")]
    public Task<IResult> LikeComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/videos/{id}/comments/{commentId}/like")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Like(request, id, commentId, ct);

    [Function("UnlikeVideoComment")]
    public Task<IResult> UnlikeComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}/comments/{commentId}/like")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Unlike(request, id, commentId, ct);

    [Function("PinVideoComment")]
    public Task<IResult> PinComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/videos/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Pin(request, id, commentId, ct);

    [Function("UnpinVideoComment")]
    public Task<IResult> UnpinComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Unpin(request, id, commentId, ct);

    [Function("ListHeldVideoComments")]
    public Task<IResult> HeldComments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/comments/held")] HttpRequest request,
        string id, CancellationToken ct) => comments.Held(request, id, ct);

    [Function("ApproveVideoComment")]
    public Task<IResult> ApproveComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/comments/{commentId}/approve")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Approve(request, id, commentId, ct);
}
