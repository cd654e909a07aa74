using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The pinned channel messages of <see cref="ChannelsModule.MapChannels"/> (docs/messages.md "Broadcast channels").</summary>
public sealed class ChannelPinsFunctions(ChannelPinsApi pins)
{
    [Function("PinChannelMessage")]
    public Task<IResult> Pin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/channels/{id}/messages/{messageId}/pin")] HttpRequest request,
        string id, string messageId, CancellationToken ct) => pins.Pin(request, id, messageId, ct);

    [Function("UnpinChannelMessage")]
    public Task<IResult> Unpin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/messages/{messageId}/pin")] HttpRequest request,
        string id, string messageId, CancellationToken ct) => pins.Unpin(request, id, messageId, ct);

    [Function("ListChannelPins")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/{id}/pins")] HttpRequest request,
        string id, CancellationToken ct) => pins.List(request, id, ct);
}
