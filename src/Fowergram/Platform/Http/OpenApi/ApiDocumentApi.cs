using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>
/// GET /api/v1/openapi.json: the API document, the same in both hosts (open: clients read it before signing in). It does not
/// change while the host runs, so it is served from the bytes made once, with an ETag: a client that has it sends
/// If-None-Match and gets 304 instead of 1.4 MB again.
/// </summary>
public sealed class ApiDocumentApi(ApiDocument document)
{
    public Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        var (utf8, etag) = document.Response;
        return Task.FromResult<IResult>(new DocumentResult(utf8, etag, Matches(request, etag)));
    }

    private static bool Matches(HttpRequest request, string etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));

    private sealed class DocumentResult(byte[] utf8, string etag, bool notModified) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.ETag = etag;
            if (notModified)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = utf8.Length;
            await context.Response.Body.WriteAsync(utf8, context.RequestAborted);
        }
    }
}
