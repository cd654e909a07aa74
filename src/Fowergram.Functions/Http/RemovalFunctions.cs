using Fowergram.Features.Moderation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The removed-content routes of <see cref="ModerationModule.MapModeration"/>: the owner's list and appeal, the moderators' queue and decision.</summary>
public sealed class RemovalFunctions(RemovalsApi removals, RemovalAppealsApi appeals)
{
    [Function("ListMyRemovals")]
    public Task<IResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/removals")] HttpRequest request,
        CancellationToken ct) => removals.Mine(request, ct);

    [Function("GetMyRemoval")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/removals/{id}")] HttpRequest request,
        string id, CancellationToken ct) => removals.Get(request, id, ct);

    [Function("AppealRemoval")]
    public Task<IResult> Appeal([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/removals/{id}/appeal")] HttpRequest request,
        string id, CancellationToken ct) => removals.Appeal(request, id, ct);

    [Function("ListRemovalAppeals")]
    public Task<IResult> Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/removal-appeals")] HttpRequest request,
        CancellationToken ct) => appeals.Queue(request, ct);

    [Function("GetRemovalAppeal")]
    public Task<IResult> GetAppeal([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/removal-appeals/{id}")] HttpRequest request,
        string id, CancellationToken ct) => appeals.Get(request, id, ct);

    [Function("DecideRemovalAppeal")]
    public Task<IResult> Decide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/moderation/removal-appeals/{id}/decide")] HttpRequest request,
        string id, CancellationToken ct) => appeals.Decide(request, id, ct);
}
