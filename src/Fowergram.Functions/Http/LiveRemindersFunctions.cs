using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The reminder routes of <see cref="LiveModule.MapLive"/>, and the list of upcoming broadcasts reminders are set on.</summary>
public sealed class LiveRemindersFunctions(LiveRemindersApi reminders, LiveStreamsApi streams)
{
    [Function("ListUpcomingLiveStreams")]
    public Task<IResult> Upcoming([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/upcoming")] HttpRequest request,
        CancellationToken ct) => streams.Upcoming(request, ct);

    [Function("SetLiveReminder")]
    public Task<IResult> Remind([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/live/{id}/reminder")] HttpRequest request,
        string id, CancellationToken ct) => reminders.Remind(request, id, ct);

    [Function("ClearLiveReminder")]
    public Task<IResult> Forget([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/live/{id}/reminder")] HttpRequest request,
        string id, CancellationToken ct) => reminders.Forget(request, id, ct);
}
