using Fowergram.Features.Moderation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The appeal routes of <see cref="ModerationModule.MapModeration"/>.</summary>
public sealed class AppealFunctions(AppealsApi appeals)
{
    [Function("AppealSuspension")]
    public Task<IResult> Appeal([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/appeals")] HttpRequest request,
        CancellationToken ct) => appeals.Appeal(request, ct);

    [Function("ListAppeals")]
    public Task<IResult> Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/appeals")] HttpRequest request,
        CancellationToken ct) => appeals.Queue(request, ct);

    [Function("GetAppeal")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/appeals/{id}")] HttpRequest request,
        string id, CancellationToken ct) => appeals.Get(request, id, ct);

    [Function("DecideAppeal")]
    public Task<IResult> Decide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/moderation/appeals/{id}/decide")] HttpRequest request,
        string id, CancellationToken ct) => appeals.Decide(request, id, ct);
}
