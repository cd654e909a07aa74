using Fowergram.Features.Moderation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The report and moderation routes of <see cref="ModerationModule.MapModeration"/>.</summary>
public sealed class ModerationFunctions(ReportsApi reports, ModerationApi moderation)
{
    [Function("CreateReport")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reports")] HttpRequest request, CancellationToken ct) =>
        reports.Create(request, ct);

    [Function("ListMyReports")]
    public Task<IResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/reports")] HttpRequest request, CancellationToken ct) =>
        reports.Mine(request, ct);

    [Function("ModerationQueue")]
    public Task<IResult> Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/reports")] HttpRequest request,
        CancellationToken ct) => moderation.Queue(request, ct);

    [Function("GetModeratedReport")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/reports/{id}")] HttpRequest request,
        string id, CancellationToken ct) => moderation.Get(request, id, ct);

    [Function("ReviewReport")]
    public Task<IResult> Review([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/moderation/reports/{id}/review")] HttpRequest request,
        string id, CancellationToken ct) => moderation.Review(request, id, ct);

    [Function("ResolveReport")]
    public Task<IResult> Resolve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/moderation/reports/{id}/resolve")] HttpRequest request,
        string id, CancellationToken ct) => moderation.Resolve(request, id, ct);
}
