using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The owner's removed members of <see cref="ChannelsModule.MapChannels"/> (docs/messages.md "Broadcast channels").</summary>
public sealed class ChannelRemovalsFunctions(ChannelRemovalsApi removals)
{
    [Function("ListChannelRemovedMembers")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/{id}/removed-members")] HttpRequest request,
        string id, CancellationToken ct) => removals.List(request, id, ct);

    [Function("RestoreChannelMember")]
    public Task<IResult> Restore(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/removed-members/{username}")] HttpRequest request,
        string id, string username, CancellationToken ct) => removals.Restore(request, id, username, ct);
}
