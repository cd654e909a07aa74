using Fowergram.Features.Reels;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The trial-reel routes of <see cref="ReelsModule.MapReels"/> (docs/reels.md "Trial reels").</summary>
public sealed class TrialReelsFunctions(TrialReelsApi trials)
{
    [Function("ListTrialReels")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/reels/trials")] HttpRequest request,
        CancellationToken ct) => trials.List(request, ct);

    [Function("ShareTrialReel")]
    public Task<IResult> Share([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reels/{id}/trial/share")] HttpRequest request,
        string id, CancellationToken ct) => trials.Share(request, id, ct);
}
