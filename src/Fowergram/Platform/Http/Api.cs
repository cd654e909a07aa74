using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http;

/// <summary>Success answers, serialised with <see cref="ApiJson.Options"/> whichever host executes them.</summary>
public static class Api
{
    public static IResult Ok<T>(T value) => Results.Json(value, ApiJson.Options);

    public static IResult Created<T>(string location, T value) =>
        new Located(location, Results.Json(value, ApiJson.Options, statusCode: StatusCodes.Status201Created));

    public static IResult NoContent() => Results.NoContent();

    /// <summary>202 with no body: the work was queued (e.g. a mail goes out through the outbox).</summary>
    public static IResult Accepted() => Results.StatusCode(StatusCodes.Status202Accepted);

    private sealed class Located(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
