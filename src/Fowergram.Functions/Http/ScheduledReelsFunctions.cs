using Fowergram.Features.Reels;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The scheduled-reel routes of <see cref="ReelsModule.MapReels"/> (docs/reels.md "Scheduled reels").</summary>
public sealed class ScheduledReelsFunctions(ScheduledReelsApi scheduled)
{
    [Function("ScheduleReel")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/scheduled-reels")] HttpRequest request,
        CancellationToken ct) => scheduled.Create(request, ct);

    [Function("ListScheduledReels")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/scheduled-reels")] HttpRequest request,
        CancellationToken ct) => scheduled.List(request, ct);

    [Function("GetScheduledReel")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/scheduled-reels/{id}")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Get(request, id, ct);

    [Function("UpdateScheduledReel")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/users/me/scheduled-reels/{id}")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Patch(request, id, ct);

    [Function("CancelScheduledReel")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/scheduled-reels/{id}")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Delete(request, id, ct);

    [Function("PublishScheduledReel")]
    public Task<IResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/scheduled-reels/{id}/publish")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Publish(request, id, ct);
}
