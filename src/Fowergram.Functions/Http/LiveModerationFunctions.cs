using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The moderation routes of <see cref="LiveModule.MapLive"/>: removed viewers and muted commenters.</summary>
public sealed class LiveModerationFunctions(LiveModerationApi moderation)
{
    [Function("RemoveLiveViewer")]
    public Task<IResult> Remove([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/live/{id}/removed-viewers/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => moderation.Remove(request, id, username, ct);

    [Function("RestoreLiveViewer")]
    public Task<IResult> Restore([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/live/{id}/removed-viewers/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => moderation.Restore(request, id, username, ct);

    [Function("ListRemovedLiveViewers")]
    public Task<IResult> Removed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/{id}/removed-viewers")] HttpRequest request,
        string id, CancellationToken ct) => moderation.Removed(request, id, ct);

    [Function("MuteLiveCommenter")]
    public Task<IResult> Mute([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/live/{id}/muted-commenters/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => moderation.Mute(request, id, username, ct);

    [Function("UnmuteLiveCommenter")]
    public Task<IResult> Unmute([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/live/{id}/muted-commenters/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => moderation.Unmute(request, id, username, ct);

    [Function("ListMutedLiveCommenters")]
    public Task<IResult> Muted([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/{id}/muted-commenters")] HttpRequest request,
        string id, CancellationToken ct) => moderation.Muted(request, id, ct);
}
