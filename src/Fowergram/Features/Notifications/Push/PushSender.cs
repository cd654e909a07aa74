using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fowergram.Features.Notifications.Push;

public enum PushOutcome
{
    /// <summary>The push service took it (2xx).</summary>
    Delivered,
    /// <summary>The subscription is no more (404, 410) or refuses this server's key (403): drop the subscription.</summary>
    Gone,
    /// <summary>This message was refused (400, 401, 413 …): sending it again would be refused again.</summary>
    Rejected,
    /// <summary>Try again later (429, 5xx, no answer).</summary>
    Retry,
}

public sealed record PushResult(PushOutcome Outcome, TimeSpan? RetryAfter = null)
{
    /// <summary>Try again later: when the service's <c>Retry-After</c> says (seconds or a date), else by the job's backoff.</summary>
    public static PushResult Later(HttpResponseMessage response, DateTimeOffset now) =>
        new(PushOutcome.Retry, response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - now : null));

    /// <summary>The service did not answer: no connection, or nothing within the client's timeout (not the run's own cancellation).</summary>
    public static bool Unanswered(Exception e, CancellationToken ct) => e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested);
}

/// <summary>
/// Sends one encrypted message to a push service (RFC 8030) with the VAPID header. Only to the allowed push services
/// (Push:AllowedEndpoints, checked again here: the setting may have narrowed since the browser subscribed), never
/// following redirects, within 10 seconds.
/// </summary>
public sealed class PushSender(VapidKeys vapid, IOptions<PushOptions> options, ILogger<PushSender> logger) : IDisposable
{
    private readonly IReadOnlyList<PushOrigin> _origins = options.Value.Origins();
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5),
    }) { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<PushResult> SendAsync(string endpoint, byte[] p256dh, byte[] auth, byte[] payload, TimeSpan ttl, string? topic, string urgency, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !_origins.Any(o => o.Allows(uri))) return new PushResult(PushOutcome.Gone);
        byte[] body;
        try
        {
            body = WebPushEncryption.Encrypt(payload, p256dh, auth);
        }
        catch (CryptographicException)
        {
            // A key registration checked, but a row written around it (or a library that reads points more strictly) must
            // not stop the run for everyone: this subscription can never be encrypted to, so it goes.
            logger.LogWarning("A push subscription at {Host} has a key that cannot be encrypted to; it is dropped", uri.Host);
            return new PushResult(PushOutcome.Gone);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.TryAddWithoutValidation("TTL", ((long)Math.Max(0, ttl.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Urgency", urgency);
        if (topic is not null) request.Headers.TryAddWithoutValidation("Topic", topic);
        request.Headers.TryAddWithoutValidation("Authorization", vapid.Authorization(uri, now));
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return new PushResult(PushOutcome.Delivered);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Forbidden) return new PushResult(PushOutcome.Gone);
            if (response.StatusCode is HttpStatusCode.TooManyRequests || status >= 500)
                return PushResult.Later(response, now);
            logger.LogWarning("The push service at {Host} refused a message with {Status}", uri.Host, status);
            return new PushResult(PushOutcome.Rejected);
        }
        catch (Exception e) when (PushResult.Unanswered(e, ct))
        {
            logger.LogInformation("The push service at {Host} did not answer: {Reason}", uri.Host, e.Message);
            return new PushResult(PushOutcome.Retry);
        }
    }

    public void Dispose() => _http.Dispose();
}
