using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The reminder routes of <see cref="LiveModule.MapLive"/>.</summary>
public sealed class LiveRemindersFunctions(LiveRemindersApi reminders)
{
    [Function("SetLiveReminder")]
    public Task<IResult> Remind([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/live/{id}/reminder")] HttpRequest request,
        string id, CancellationToken ct) => reminders.Remind(request, id, ct);

    [Function("ClearLiveReminder")]
    public Task<IResult> Forget([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/live/{id}/reminder")] HttpRequest request,
        string id, CancellationToken ct) => reminders.Forget(request, id, ct);
}
