using Fowergram.Features.Reels;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The cover picture routes of <see cref="ReelsModule.MapReels"/>.</summary>
public sealed class ReelCoversFunctions(ReelCoversApi covers)
{
    [Function("SetReelCover")]
    public Task<IResult> Set([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/cover")] HttpRequest request,
        string id, CancellationToken ct) => covers.Set(request, id, ct);

    [Function("RemoveReelCover")]
    public Task<IResult> Remove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/cover")] HttpRequest request,
        string id, CancellationToken ct) => covers.Remove(request, id, ct);
}
