using Fowergram.Features.Moderation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The refused-delete routes of <see cref="ModerationModule.MapModeration"/> (docs/media.md "Refused deletes").</summary>
public sealed class MediaDeletesFunctions(MediaDeletesApi deletes)
{
    [Function("ListRefusedMediaDeletes")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/media-deletes")] HttpRequest request,
        CancellationToken ct) => deletes.List(request, ct);

    [Function("RetryRefusedMediaDelete")]
    public Task<IResult> Retry([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/moderation/media-deletes/{id}/retry")] HttpRequest request,
        string id, CancellationToken ct) => deletes.Retry(request, id, ct);
}
