using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Firebase Cloud Messaging on 127.0.0.1 (Kestrel, real HTTP), as far as its HTTP v1 API and Google's token endpoint go —
/// FCM itself cannot be reached from here. The token endpoint checks the service account's signed assertion (RS256 with the
/// key the test generated, iss, scope, aud) before it hands out an access token; messages:send takes only that token,
/// records each message and answers what the test queued for its registration token (200 otherwise).
/// </summary>
public sealed class FcmServiceStub : IAsyncDisposable
{
    public const string ProjectId = "fowergram-test";
    public const string ClientEmail = "push@fowergram-test.iam.gserviceaccount.com";
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? Error, string? Body)>> _answers = new();
    private int _tokensIssued;

    public sealed record Received(string Authorization, JsonElement Message);

    public ConcurrentQueue<Received> Messages { get; } = new();
    public string Origin { get; private set; } = "";
    /// <summary>Access tokens handed out so far; each is <c>ya29.test-N</c>.</summary>
    public int TokensIssued => _tokensIssued;

    private FcmServiceStub(WebApplication app) => _app = app;

    public static async Task<FcmServiceStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new FcmServiceStub(app);
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !stub.Verifies(form["assertion"].ToString()))
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            var n = Interlocked.Increment(ref stub._tokensIssued);
            return Results.Json(new { access_token = $"ya29.test-{n}", expires_in = 3599, token_type = "Bearer" });
        });
        app.MapPost($"/v1/projects/{ProjectId}/messages:send", async (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ya29.test-", StringComparison.Ordinal))
                return Results.Json(new { error = new { code = 401, status = "UNAUTHENTICATED" } }, statusCode: 401);
            using var doc = await JsonDocument.ParseAsync(request.Body);
            var message = doc.RootElement.GetProperty("message").Clone();
            stub.Messages.Enqueue(new Received(authorization, message));
            var token = message.GetProperty("token").GetString()!;
            if (stub._answers.TryGetValue(token, out var queue) && queue.TryDequeue(out var answer))
                return answer.Body is not null ? Results.Content(answer.Body, "application/json", statusCode: answer.Status) : Results.Json(new
                {
                    error = new
                    {
                        code = answer.Status, status = answer.Error ?? "UNKNOWN",
                        details = answer.Error is null ? [] : new object[] { new Dictionary<string, string>
                            { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = answer.Error } },
                    },
                }, statusCode: answer.Status);
            return Results.Json(new { name = $"projects/{ProjectId}/messages/{Guid.NewGuid():N}" });
        });
        await app.StartAsync();
        stub.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return stub;
    }

    /// <summary>The service account key file's JSON for this stub: its key, its token endpoint.</summary>
    public string ServiceAccountJson() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account", ["project_id"] = ProjectId, ["client_email"] = ClientEmail,
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem(), ["token_uri"] = $"{Origin}/token",
    });

    /// <summary>The next sends to <paramref name="token"/> get these answers (status and FCM error code), in order.</summary>
    public void Answer(string token, int status, string? error)
    {
        _answers.GetOrAdd(token, _ => new ConcurrentQueue<(int, string?, string?)>()).Enqueue((status, error, null));
    }

    /// <summary>The next send to <paramref name="token"/> gets this status and body as it is (a proxy's answer, say).</summary>
    public void AnswerBody(string token, int status, string body) =>
        _answers.GetOrAdd(token, _ => new ConcurrentQueue<(int, string?, string?)>()).Enqueue((status, null, body));

    public List<Received> To(string token) => Messages.Where(m => m.Message.GetProperty("token").GetString() == token).ToList();

    /// <summary>RFC 7523's assertion as Google checks it: signed by the account's key, for FCM's scope, to this endpoint, current.</summary>
    private bool Verifies(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3) return false;
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256") return false;
        if (!_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1)) return false;
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var c = claims.RootElement;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return c.GetProperty("iss").GetString() == ClientEmail && c.GetProperty("aud").GetString() == $"{Origin}/token"
            && c.GetProperty("scope").GetString() == "https://www.googleapis.com/auth/firebase.messaging"
            && c.GetProperty("exp").GetInt64() - c.GetProperty("iat").GetInt64() <= 3600 && c.GetProperty("exp").GetInt64() > now - 86_400 * 365;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

/// <summary>A host on a database of its own that sends app pushes to <see cref="Fcm"/>; the tests run its push job.</summary>
public sealed class FcmHost : PushJobHost
{
    public FcmServiceStub Fcm { get; private set; } = null!;

    protected override async Task StartServiceAsync() => Fcm = await FcmServiceStub.StartAsync();

    protected override void Configure(WebApplicationBuilder b)
    {
        b.Configuration["Push:Fcm:ServiceAccount"] = Fcm.ServiceAccountJson();
        b.Configuration["Push:Fcm:Endpoint"] = Fcm.Origin;
    }

    protected override ValueTask StopServiceAsync() => Fcm.DisposeAsync();

    /// <summary>A new account whose app registered a fresh FCM token; the token.</summary>
    public async Task<(TestAccount Account, string Token)> RegisteredAsync()
    {
        var account = await App.Client.RegisterAsync();
        var token = NewToken();
        await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { fcmToken = token }, account.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (account, token);
    }

    /// <summary>A token shaped as FCM's are (an instance id, a colon, then the token proper).</summary>
    public static string NewToken() => $"{Guid.NewGuid():N}:APA91b{Convert.ToHexString(RandomNumberGenerator.GetBytes(60))}";
}
