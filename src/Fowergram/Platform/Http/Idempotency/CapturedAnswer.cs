using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http.Idempotency;

/// <summary>
/// A handler's answer written out once into memory — status, headers, body bytes — so that the same bytes can be kept for
/// a repeat of the request and served now. A handler answers with an <see cref="IResult"/> in both hosts; executing it
/// against a buffer is the one way to see what it writes without knowing each result type.
/// </summary>
public sealed record CapturedAnswer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    // Framing and per-response headers the host sets itself; everything else a result sets (Location, Content-Type, ETag,
    // Retry-After …) is part of the answer.
    private static readonly HashSet<string> HostHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Date", "Server", "Set-Cookie", IdempotencyKey.ReplayedHeader,
    };

    public bool Succeeded => Status is >= 200 and <= 299;

    public static async Task<CapturedAnswer> CaptureAsync(IResult result, HttpContext real)
    {
        using var buffer = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = real.RequestServices, TraceIdentifier = real.TraceIdentifier };
        context.Response.Body = buffer;
        await result.ExecuteAsync(context);
        await context.Response.Body.FlushAsync();
        var headers = context.Response.Headers.Where(h => !HostHeaders.Contains(h.Key))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new CapturedAnswer(context.Response.StatusCode, headers, buffer.ToArray());
    }

    public string HeadersJson() => JsonSerializer.Serialize(Headers);

    public static CapturedAnswer Stored(int status, string headersJson, byte[] body) =>
        new(status, JsonSerializer.Deserialize<Dictionary<string, string>>(headersJson) ?? [], body);

    /// <summary>The answer as an <see cref="IResult"/>; a replay says so (<c>Idempotent-Replayed: true</c>).</summary>
    public IResult ToResult(bool replayed) => new Served(this, replayed);

    private sealed class Served(CapturedAnswer answer, bool replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers) response.Headers[name] = value;
            if (replayed) response.Headers[IdempotencyKey.ReplayedHeader] = "true";
            if (answer.Body.Length > 0)
            {
                response.ContentLength = answer.Body.Length;
                await response.Body.WriteAsync(answer.Body, httpContext.RequestAborted);
            }
        }
    }
}
