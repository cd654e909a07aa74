using Fowergram.Features.Insights;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The insights routes of <see cref="InsightsModule.MapInsights"/>.</summary>
public sealed class InsightsFunctions(InsightsApi insights, ActiveTimesApi activeTimes, ImpressionsApi impressions)
{
    [Function("RecordImpressions")]
    public Task<IResult> Impressions([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/impressions")] HttpRequest request,
        CancellationToken ct) => impressions.Record(request, ct);

    [Function("GetMyInsights")]
    public Task<IResult> Account([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/insights")] HttpRequest request,
        CancellationToken ct) => insights.Account(request, ct);

    [Function("GetMyFollowersActiveTimes")]
    public Task<IResult> ActiveTimes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/insights/active-times")] HttpRequest request,
        CancellationToken ct) => activeTimes.Get(request, ct);

    [Function("GetPostInsights")]
    public Task<IResult> Post([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/insights")] HttpRequest request,
        string id, CancellationToken ct) => insights.Post(request, id, ct);

    [Function("GetReelInsights")]
    public Task<IResult> Reel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reels/{id}/insights")] HttpRequest request,
        string id, CancellationToken ct) => insights.Reel(request, id, ct);

    [Function("GetVideoInsights")]
    public Task<IResult> Video([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/insights")] HttpRequest request,
        string id, CancellationToken ct) => insights.Video(request, id, ct);

    [Function("GetStoryInsights")]
    public Task<IResult> Story([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stories/{id}/insights")] HttpRequest request,
        string id, CancellationToken ct) => insights.Story(request, id, ct);
}
