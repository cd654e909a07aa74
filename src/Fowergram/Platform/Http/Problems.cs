using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Fowergram.Platform.Http;

/// <summary>RFC 9457 problem+json answers. Every 4xx of the API is built here so they all look alike.</summary>
public static class Problems
{
    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors.ToDictionary(), detail ?? "One or more fields are invalid.",
            title: "The request is invalid.", type: "https://fowergram.dev/problems/validation");

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is malformed.", detail);

    /// <summary>Used both for what does not exist and for what the caller may not see: existence is never revealed.</summary>
    public static IResult NotFound(string what = "resource") =>
        Problem(StatusCodes.Status404NotFound, "Not found.", $"The {what} does not exist or you cannot see it.");

    public static IResult Conflict(string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return Results.Problem(problem);
    }

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    public static IResult Unauthorized(string detail = "A valid bearer access token is required.") =>
        new WithHeaders(Problem(StatusCodes.Status401Unauthorized, "Unauthorized.", detail),
            ("WWW-Authenticate", "Bearer"));

    /// <summary>The token is valid but the account behind it was deleted or deactivated since it was issued (tokens outlive accounts).</summary>
    public static IResult AccountGone() => Unauthorized("The account behind this token no longer exists or is deactivated.");

    /// <summary>A bearer token was presented on a route anonymous callers may use, and it is not valid (RFC 6750).</summary>
    public static IResult InvalidToken() =>
        new WithHeaders(Problem(StatusCodes.Status401Unauthorized, "Unauthorized.",
                "The bearer access token is malformed, tampered with or expired: refresh it, sign in again, or send no token to read as a guest."),
            ("WWW-Authenticate", "Bearer error=\"invalid_token\""));

    /// <summary>429 with Retry-After; <paramref name="errors"/> names the field whose limit was reached, when one was.</summary>
    public static IResult TooManyRequests(TimeSpan retryAfter, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var problem = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return new WithHeaders(Results.Problem(problem),
            ("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static IResult PayloadTooLarge(long limitBytes) => Problem(StatusCodes.Status413PayloadTooLarge,
        "The request body is too large.", $"The body may be at most {limitBytes} bytes.");

    public static IResult UnsupportedMediaType() => Problem(StatusCodes.Status415UnsupportedMediaType,
        "Unsupported media type.", "Send the body as application/json.");

    public static IResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable.", detail);

    /// <summary>503 with Retry-After: the same request may well succeed once the moment has passed.</summary>
    public static IResult Unavailable(TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new WithHeaders(Unavailable(detail), ("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title);

    private sealed class WithHeaders(IResult inner, params (string Name, string Value)[] headers) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in headers) httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
