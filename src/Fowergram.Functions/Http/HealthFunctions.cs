using Fowergram.Features.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>
/// One [Function] per route of <see cref="FowergramRoutes"/>, each body one call into the same handler
/// the Server host maps. host.json's routePrefix "api" makes <c>Route = "health"</c> serve /api/health.
/// </summary>
public sealed class HealthFunctions(HealthApi api)
{
    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken ct) => api.Get(request, ct);
}
