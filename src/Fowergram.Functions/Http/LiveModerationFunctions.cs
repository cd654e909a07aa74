using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The removed-viewer routes of <see cref="LiveModule.MapLive"/>.</summary>
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
}
