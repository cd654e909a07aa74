using Fowergram.Features.Export;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The route of <see cref="ExportModule.MapExport"/>.</summary>
public sealed class ExportFunctions(ExportApi export)
{
    [Function("ExportMyData")]
    public Task<IResult> Export([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/export")] HttpRequest request,
        CancellationToken ct) => export.Get(request, ct);
}
