using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The activity status routes of <see cref="MessagesModule.MapMessages"/>.</summary>
public sealed class ActivityStatusFunctions(ActivityStatusApi activityStatus)
{
    [Function("GetActivityStatus")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/activity-status")] HttpRequest request,
        CancellationToken ct) => activityStatus.Get(request, ct);

    [Function("SetActivityStatus")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/activity-status")] HttpRequest request,
        CancellationToken ct) => activityStatus.Put(request, ct);
}
