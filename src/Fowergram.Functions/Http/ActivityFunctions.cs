using Fowergram.Features.Activity;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The activity routes of <see cref="ActivityModule.MapActivity"/>.</summary>
public sealed class ActivityFunctions(ActivityApi activity)
{
    [Function("ListMyActivity")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/activity")] HttpRequest request,
        CancellationToken ct) => activity.List(request, ct);

    [Function("SummarizeMyActivity")]
    public Task<IResult> Summary([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/activity/summary")] HttpRequest request,
        CancellationToken ct) => activity.Summary(request, ct);
}
