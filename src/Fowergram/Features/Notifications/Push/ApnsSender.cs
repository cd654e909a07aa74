using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fowergram.Platform.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// Sends one push straight to an iOS app through Apple's push service (APNs' HTTP/2 API, token-based; docs/social-graph.md
/// "Native app pushes"): a provider token (ES256, the team's key, reused for 50 minutes: Apple refuses one older than an
/// hour and throttles fresh ones), then <c>POST /3/device/{token}</c> with the app's bundle id as topic, an alert (the
/// inbox's sentence), the push message as <c>payload</c> (the JSON a browser gets), and the Web Push topic as collapse id
/// and thread. Never follows redirects; 10 seconds.
/// </summary>
public sealed class ApnsSender : IDisposable
{
    private static readonly TimeSpan TokenReuse = TimeSpan.FromMinutes(50);

    private readonly ApnsOptions _options;
    private readonly ECDsa? _key;
    private readonly ILogger<ApnsSender> _logger;
    private readonly Lock _tokenLock = new();
    private (string Value, DateTimeOffset IssuedAt)? _providerToken;
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(30), ConnectTimeout = TimeSpan.FromSeconds(5),
        EnableMultipleHttp2Connections = true,
    })
    {
        Timeout = TimeSpan.FromSeconds(10), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public ApnsSender(IOptions<PushOptions> options, ILogger<ApnsSender> logger)
    {
        _logger = logger;
        _options = options.Value.Apns;
        if (_options.Enabled) _key = _options.SigningKey(); // options validation refuses a bad key at start
    }

    /// <summary>Whether iOS apps may register a device token: Push:Apns is set.</summary>
    public bool Enabled => _key is not null;

    public async Task<PushResult> SendAsync(string deviceToken, PushPayload payload, TimeSpan ttl, string? topic, string urgency,
        DateTimeOffset now, CancellationToken ct)
    {
        if (_key is null)
        {
            // Turned off after apps registered: keep their registrations for when it is on again, drop this message.
            _logger.LogWarning("An iOS app's push was not sent: Push:Apns is not set");
            return new PushResult(PushOutcome.Rejected);
        }
        var aps = new Dictionary<string, object> { ["alert"] = new Dictionary<string, string> { ["body"] = payload.Text }, ["sound"] = "default" };
        if (topic is not null) aps["thread-id"] = topic;
        var body = new Dictionary<string, object> { ["aps"] = aps, ["payload"] = JsonSerializer.SerializeToElement(payload, ApiJson.Options) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(_options.Endpoint), $"/3/device/{deviceToken}"))
        {
            Content = JsonContent.Create(body), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("authorization", "bearer " + ProviderToken(now));
        request.Headers.TryAddWithoutValidation("apns-topic", _options.BundleId);
        request.Headers.TryAddWithoutValidation("apns-push-type", "alert");
        request.Headers.TryAddWithoutValidation("apns-priority", urgency == "high" ? "10" : "5");
        request.Headers.TryAddWithoutValidation("apns-expiration",
            (now + TimeSpan.FromSeconds(Math.Max(0, ttl.TotalSeconds))).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (topic is not null) request.Headers.TryAddWithoutValidation("apns-collapse-id", topic);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) return new PushResult(PushOutcome.Delivered);
            var reason = await ReasonAsync(response, ct);
            if (response.StatusCode == HttpStatusCode.Gone || reason is "Unregistered" or "BadDeviceToken" or "DeviceTokenNotForTopic")
                return new PushResult(PushOutcome.Gone);
            if (reason is "ExpiredProviderToken" or "InvalidProviderToken")
            {
                lock (_tokenLock) _providerToken = null; // a new one next time
                return new PushResult(PushOutcome.Retry);
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                return PushResult.Later(response, now);
            _logger.LogWarning("APNs refused a message with {Status} {Reason}", (int)response.StatusCode, reason);
            return new PushResult(PushOutcome.Rejected);
        }
        catch (Exception e) when (PushResult.Unanswered(e, ct))
        {
            _logger.LogInformation("APNs did not answer: {Reason}", e.Message);
            return new PushResult(PushOutcome.Retry);
        }
    }

    /// <summary>The provider token (ES256 JWT: kid, iss = the team, iat), made again after 50 minutes.</summary>
    private string ProviderToken(DateTimeOffset now)
    {
        lock (_tokenLock)
        {
            if (_providerToken is { } cached && now - cached.IssuedAt < TokenReuse && now >= cached.IssuedAt) return cached.Value;
            static string Part(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
            var unsigned = Part(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = _options.KeyId! }) + "."
                + Part(new Dictionary<string, object> { ["iss"] = _options.TeamId!, ["iat"] = now.ToUnixTimeSeconds() });
            var signature = _key!.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            var token = unsigned + "." + Base64Url.EncodeToString(signature);
            _providerToken = (token, now);
            return token;
        }
    }

    /// <summary>
    /// APNs' <c>reason</c> (<c>Unregistered</c>, <c>BadDeviceToken</c> …) from an error answer. An answer that is JSON but no
    /// object (a proxy's) has none: reading it as one threw, failing the whole run, whose other pushes were then sent again.
    /// </summary>
    private static async Task<string?> ReasonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("reason", out var reason)
                && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _key?.Dispose();
    }
}
