using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The scheduled channel messages of <see cref="ChannelsModule.MapChannels"/> (docs/messages.md "Scheduled messages").</summary>
public sealed class ScheduledChannelMessagesFunctions(ScheduledChannelMessagesApi scheduled, ScheduledChannelMessageEditsApi edits)
{
    [Function("ScheduleChannelMessage")]
    public Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/scheduled-messages")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Create(request, id, ct);

    [Function("ListScheduledChannelMessages")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/channels/{id}/scheduled-messages")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.List(request, id, ct);

    [Function("CancelScheduledChannelMessage")]
    public Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/channels/{id}/scheduled-messages/{scheduledId}")] HttpRequest request,
        string id, string scheduledId, CancellationToken ct) => scheduled.Delete(request, id, scheduledId, ct);

    [Function("EditScheduledChannelMessage")]
    public Task<IResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/channels/{id}/scheduled-messages/{scheduledId}")] HttpRequest request,
        string id, string scheduledId, CancellationToken ct) => edits.Edit(request, id, scheduledId, ct);

    [Function("PublishScheduledChannelMessage")]
    public Task<IResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/channels/{id}/scheduled-messages/{scheduledId}/publish")] HttpRequest request,
        string id, string scheduledId, CancellationToken ct) => scheduled.Publish(request, id, scheduledId, ct);
}
