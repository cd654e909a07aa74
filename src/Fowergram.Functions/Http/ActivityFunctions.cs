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

/// <summary>Time spent and the daily limit, of <see cref="ActivityModule.MapActivity"/>.</summary>
public sealed class TimeSpentFunctions(TimeSpentApi timeSpent)
{
    [Function("GetMyTimeSpent")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/time-spent")] HttpRequest request,
        CancellationToken ct) => timeSpent.Get(request, ct);

    [Function("GetMyDailyLimit")]
    public Task<IResult> GetLimit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/daily-limit")] HttpRequest request,
        CancellationToken ct) => timeSpent.GetLimit(request, ct);

    [Function("PutMyDailyLimit")]
    public Task<IResult> PutLimit([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/daily-limit")] HttpRequest request,
        CancellationToken ct) => timeSpent.PutLimit(request, ct);
}
