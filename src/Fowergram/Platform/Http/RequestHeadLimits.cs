using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fowergram.Platform.Http;

/// <summary>
/// The application's limits on a request's head (docs/reliability.md "Request heads"): its target (path and query) and its
/// header section. Kestrel refuses a request line or header section over its own limits before any middleware runs, with
/// a bare 414/431 and no body; the Server host sets those a notch above these (<see cref="HardTargetBytes"/> …), so a
/// request between the two is answered here, as problem+json naming the limit, and only one past the hard cap meets
/// Kestrel's bare answer. Sizes are the bytes an HTTP/1.1 request carries (a target is ASCII on the wire; each header is
/// its name, ": ", its value and CRLF).
/// </summary>
public static class RequestHeadLimits
{
    /// <summary>The longest target (path and query, as sent) answered; longer is 414.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>The largest header section answered; larger is 431.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The most header fields answered; more is 431.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's MaxRequestLineSize (method, target and version): twice the target's limit.</summary>
    public const int HardRequestLineBytes = 2 * MaxTargetBytes;

    /// <summary>Kestrel's MaxRequestHeadersTotalSize.</summary>
    public const int HardHeaderBytes = 2 * MaxHeaderBytes;

    /// <summary>Kestrel's MaxRequestHeaderCount.</summary>
    public const int HardHeaderCount = 2 * MaxHeaderCount;

    /// <summary>The problem answering a head over a limit, or null when it is within them all.</summary>
    public static IResult? Check(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.Length
            : request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetBytes)
            return Problems.Problem(StatusCodes.Status414UriTooLong, "The request target is too long.",
                $"The path and query may be at most {MaxTargetBytes} bytes; this one is {target}.");
        // A field sent twice is one name with two values here, two lines on the wire (and in Kestrel's count).
        var (fields, bytes) = (0, 0L);
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
            {
                fields++;
                bytes += name.Length + (value?.Length ?? 0) + 4;
            }
        if (fields > MaxHeaderCount)
            return Problems.Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge, "Too many request header fields.",
                $"A request may carry at most {MaxHeaderCount} header fields; this one has {fields}.");
        return bytes > MaxHeaderBytes
            ? Problems.Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request header fields are too large.",
                $"A request's header fields may take at most {MaxHeaderBytes} bytes; these take {bytes}.")
            : null;
    }
}
