using Fowergram.Features.Reels;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The saved-reel routes of <see cref="ReelsModule.MapReels"/>.</summary>
public sealed class ReelSavesFunctions(ReelSavesApi saves)
{
    [Function("SaveReel")]
    public Task<IResult> Save([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/reels/{id}/save")] HttpRequest request,
        string id, CancellationToken ct) => saves.Save(request, id, ct);

    [Function("UnsaveReel")]
    public Task<IResult> Unsave([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/reels/{id}/save")] HttpRequest request,
        string id, CancellationToken ct) => saves.Unsave(request, id, ct);

    [Function("ListSavedReels")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/saved/reels")] HttpRequest request,
        CancellationToken ct) => saves.List(request, ct);
}
