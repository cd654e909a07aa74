using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Fowergram.Platform.Http;

namespace Fowergram.Functions.Http;

/// <summary>The live broadcast routes of <see cref="LiveModule.MapLive"/>.</summary>
public sealed class LiveFunctions(LiveStreamsApi streams, LiveLifecycleApi lifecycle, LiveViewersApi viewers, LiveCommentsApi comments)
{
    [Function("CreateLiveStream")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live")] HttpRequest request,
        CancellationToken ct) => streams.Create(request, ct);

    [Function("ListMyLiveStreams")]
    public Task<IResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/mine")] HttpRequest request,
        CancellationToken ct) => streams.Mine(request, ct);

    [Function("ListPopularLiveStreams")]
    public Task<IResult> Popular([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/popular")] HttpRequest request,
        CancellationToken ct) => streams.Popular(request, ct);

    [Function("ListFollowingLiveStreams")]
    public Task<IResult> Following([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/following")] HttpRequest request,
        CancellationToken ct) => streams.Following(request, ct);

    [Function("GetLiveStream")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/" + RouteParameters.LiveId)] HttpRequest request,
        string id, CancellationToken ct) => streams.Get(request, id, ct);

    [Function("StartLiveStream")]
    public Task<IResult> Start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/start")] HttpRequest request,
        string id, CancellationToken ct) => lifecycle.Start(request, id, ct);

    [Function("EndLiveStream")]
    public Task<IResult> End([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/end")] HttpRequest request,
        string id, CancellationToken ct) => lifecycle.End(request, id, ct);

    [Function("LiveStreamHeartbeat")]
    public Task<IResult> Heartbeat([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/heartbeat")] HttpRequest request,
        string id, CancellationToken ct) => lifecycle.Heartbeat(request, id, ct);

    [Function("CancelLiveStream")]
    public Task<IResult> Cancel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/cancel")] HttpRequest request,
        string id, CancellationToken ct) => lifecycle.Cancel(request, id, ct);

    [Function("JoinLiveStream")]
    public Task<IResult> Join([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/join")] HttpRequest request,
        string id, CancellationToken ct) => viewers.Join(request, id, ct);

    [Function("LeaveLiveStream")]
    public Task<IResult> Leave([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/leave")] HttpRequest request,
        string id, CancellationToken ct) => viewers.Leave(request, id, ct);

    [Function("CreateLiveComment")]
    public Task<IResult> PostComment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.Post(request, id, ct);

    [Function("ListLiveComments")]
    public Task<IResult> ListComments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/{id}/comments")] HttpRequest request,
        string id, CancellationToken ct) => comments.List(request, id, ct);

    [Function("DeleteLiveComment")]
    public Task<IResult> DeleteComment([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/live/{id}/comments/{commentId}")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => comments.Delete(request, id, commentId, ct);
}
