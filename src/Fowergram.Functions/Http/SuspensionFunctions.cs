using Fowergram.Features.Moderation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The suspension routes of <see cref="ModerationModule.MapModeration"/>.</summary>
public sealed class SuspensionFunctions(SuspensionsApi suspensions)
{
    [Function("ListSuspensions")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/suspensions")] HttpRequest request,
        CancellationToken ct) => suspensions.List(request, ct);

    [Function("GetSuspension")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/suspensions/{username}")] HttpRequest request,
        string username, CancellationToken ct) => suspensions.Get(request, username, ct);

    [Function("SuspendAccount")]
    public Task<IResult> Suspend([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/moderation/suspensions/{username}")] HttpRequest request,
        string username, CancellationToken ct) => suspensions.Suspend(request, username, ct);

    [Function("LiftSuspension")]
    public Task<IResult> Lift([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/moderation/suspensions/{username}")] HttpRequest request,
        string username, CancellationToken ct) => suspensions.Lift(request, username, ct);
}
