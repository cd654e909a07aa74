using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The pinned live comment of <see cref="LiveModule"/>.</summary>
public sealed class LivePinsFunctions(LivePinsApi pins)
{
    [Function("PinLiveComment")]
    public Task<IResult> Pin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/live/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => pins.Pin(request, id, commentId, ct);

    [Function("UnpinLiveComment")]
    public Task<IResult> Unpin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/live/{id}/comments/{commentId}/pin")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => pins.Unpin(request, id, commentId, ct);
}
