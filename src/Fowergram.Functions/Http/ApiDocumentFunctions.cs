using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>GET /api/v1/openapi.json: the API document, built from the same route table the Server host maps (<see cref="ApiDocument"/>).</summary>
public sealed class ApiDocumentFunctions(ApiDocumentApi api)
{
    [Function("OpenApiDocument")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/openapi.json")] HttpRequest request,
        CancellationToken ct) => api.Get(request, ct);
}
