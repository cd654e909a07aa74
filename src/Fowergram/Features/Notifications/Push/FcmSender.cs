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
/// Sends one push to an app through Firebase Cloud Messaging's HTTP v1 API (docs/social-graph.md "Native app pushes"): an
/// OAuth 2.0 access token for the service account (a signed JWT exchanged at its token_uri, kept until shortly before it
/// expires), then <c>messages:send</c> with the registration token, a notification (the inbox's sentence, shown by the
/// device even while the app is not running), the push message as <c>data.payload</c> (the JSON a browser gets), and the
/// Web Push topic as Android's collapse key and tag and APNs' collapse id and thread. Never follows redirects; 10 seconds.
/// </summary>
public sealed class FcmSender : IDisposable
{
    private const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private readonly FcmServiceAccount? _account;
    private readonly RSA? _key;
    private readonly Uri? _send;
    private readonly ILogger<FcmSender> _logger;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Value, DateTimeOffset Until)? _accessToken;
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5),
    }) { Timeout = TimeSpan.FromSeconds(10) };

    public FcmSender(IOptions<PushOptions> options, ILogger<FcmSender> logger)
    {
        _logger = logger;
        var fcm = options.Value.Fcm;
        if (!fcm.Enabled || fcm.Parse(out _) is not { } account) return; // options validation refuses a bad key at start
        _account = account;
        _key = RSA.Create();
        _key.ImportFromPem(account.PrivateKeyPem);
        _send = new Uri(new Uri(fcm.Endpoint), $"/v1/projects/{Uri.EscapeDataString(account.ProjectId)}/messages:send");
    }

    /// <summary>Whether apps may register: Push:Fcm:ServiceAccount is set.</summary>
    public bool Enabled => _account is not null;

    public async Task<PushResult> SendAsync(string registrationToken, PushPayload payload, TimeSpan ttl, string? topic, string urgency,
        DateTimeOffset now, CancellationToken ct)
    {
        if (_send is null)
        {
            // Turned off after apps registered: keep their registrations for when it is on again, drop this message.
            _logger.LogWarning("An app's push was not sent: Push:Fcm:ServiceAccount is not set");
            return new PushResult(PushOutcome.Rejected);
        }
        try
        {
            if (await AccessTokenAsync(now, ct) is not { } accessToken) return new PushResult(PushOutcome.Retry);
            using var request = new HttpRequestMessage(HttpMethod.Post, _send) { Content = JsonContent.Create(Message(registrationToken, payload, ttl, topic, urgency, now)) };
            request.Headers.Authorization = new("Bearer", accessToken);
            using var response = await _http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) return new PushResult(PushOutcome.Delivered);
            var error = await ErrorCodeAsync(response, ct);
            if (response.StatusCode == HttpStatusCode.NotFound || error is "UNREGISTERED" or "SENDER_ID_MISMATCH") return new PushResult(PushOutcome.Gone);
            if (response.StatusCode == HttpStatusCode.Unauthorized) _accessToken = null; // expired or revoked early: a new one next time
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                return PushResult.Later(response, now);
            _logger.LogWarning("FCM refused a message with {Status} {Error}", (int)response.StatusCode, error);
            return new PushResult(PushOutcome.Rejected);
        }
        catch (Exception e) when (PushResult.Unanswered(e, ct))
        {
            _logger.LogInformation("FCM did not answer: {Reason}", e.Message);
            return new PushResult(PushOutcome.Retry);
        }
    }

    /// <summary>FCM's v1 message. Data values must be strings: the push message travels as one JSON string.</summary>
    private static object Message(string token, PushPayload payload, TimeSpan ttl, string? topic, string urgency, DateTimeOffset now)
    {
        var seconds = (long)Math.Max(0, ttl.TotalSeconds);
        var android = new Dictionary<string, object> { ["ttl"] = $"{seconds}s", ["priority"] = urgency == "high" ? "HIGH" : "NORMAL" };
        var apnsHeaders = new Dictionary<string, string>
        {
            ["apns-priority"] = urgency == "high" ? "10" : "5",
            ["apns-expiration"] = (now + TimeSpan.FromSeconds(seconds)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        var aps = new Dictionary<string, object>();
        if (topic is not null)
        {
            android["collapse_key"] = topic;
            android["notification"] = new Dictionary<string, string> { ["tag"] = topic };
            apnsHeaders["apns-collapse-id"] = topic;
            aps["thread-id"] = topic;
        }
        return new Dictionary<string, object>
        {
            ["message"] = new Dictionary<string, object>
            {
                ["token"] = token,
                ["notification"] = new Dictionary<string, string> { ["body"] = payload.Text },
                ["data"] = new Dictionary<string, string> { ["payload"] = JsonSerializer.Serialize(payload, ApiJson.Options) },
                ["android"] = android,
                ["apns"] = new Dictionary<string, object> { ["headers"] = apnsHeaders, ["payload"] = new Dictionary<string, object> { ["aps"] = aps } },
            },
        };
    }

    /// <summary>The access token, fetched once for many sends (one at a time: the first caller fetches, the rest wait for it).</summary>
    private async Task<string?> AccessTokenAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _tokenLock.WaitAsync(ct);
        try
        {
            if (_accessToken is { } cached && cached.Until > now + TimeSpan.FromMinutes(5)) return cached.Value;
            using var response = await _http.PostAsync(_account!.TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer", ["assertion"] = Assertion(now),
            }), ct);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("The service account's token endpoint answered {Status}: check Push:Fcm:ServiceAccount", (int)response.StatusCode);
                return null;
            }
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var token = doc.RootElement.GetProperty("access_token").GetString();
            if (string.IsNullOrEmpty(token)) return null;
            var lifetime = doc.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? TimeSpan.FromSeconds(s) : TokenLifetime;
            _accessToken = (token, now + lifetime);
            return token;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            _logger.LogWarning("The service account's token endpoint gave no access token: {Reason}", e.Message);
            return null;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>The service account's signed request for a token (RFC 7523): RS256, for FCM's scope, an hour at most.</summary>
    private string Assertion(DateTimeOffset now)
    {
        static string Part(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
        var unsigned = Part(new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT" }) + "." + Part(new Dictionary<string, object>
        {
            ["iss"] = _account!.ClientEmail, ["scope"] = Scope, ["aud"] = _account.TokenUri.ToString(),
            ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
        });
        var signature = _key!.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return unsigned + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// FCM's error code (<c>UNREGISTERED</c>, <c>INVALID_ARGUMENT</c> …) from an error answer, or its status. Only objects are
    /// read as objects: an answer that is other JSON (a proxy's) threw, failing the whole run, whose other pushes were then sent again.
    /// </summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object) return null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                foreach (var detail in details.EnumerateArray())
                    if (detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String)
                        return code.GetString();
            return error.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null;
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
        _tokenLock.Dispose();
    }
}
