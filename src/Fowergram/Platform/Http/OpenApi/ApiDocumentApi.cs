using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>GET /api/v1/openapi.json: the API document, the same in both hosts (open: clients read it before signing in).</summary>
public sealed class ApiDocumentApi(ApiDocument document)
{
    public Task<IResult> Get(HttpRequest request, CancellationToken ct) =>
        Task.FromResult(Results.Text(document.Json, "application/json", Encoding.UTF8));
}
