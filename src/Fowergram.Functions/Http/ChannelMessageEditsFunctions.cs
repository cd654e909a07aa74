using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The channel message edit of <see cref="ChannelsModule.MapChannels"/> (docs/messages.md "Broadcast channels").</summary>
public sealed class ChannelMessageEditsFunctions(ChannelMessageEditsApi edits)
{
    [Function("EditChannelMessage")]
    public Task<IResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/channels/{id}/messages/{messageId}")] HttpRequest request,
        string id, string messageId, CancellationToken ct) => edits.Edit(request, id, messageId, ct);
}
