using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Apple's push service on 127.0.0.1 (Kestrel, HTTP/2 only, in cleartext: APNs itself cannot be reached from here and speaks
/// HTTP/2 over TLS), as far as its provider API goes: <c>POST /3/device/{token}</c> checks the provider token (ES256 with the
/// key the test generated, its kid and team) and the topic as APNs does, records each push and answers what the test queued
/// for the device (200 otherwise).
/// </summary>
public sealed class ApnsServiceStub : IAsyncDisposable
{
    public const string KeyId = "ABC123DEFG", TeamId = "TEAM456XYZ", BundleId = "com.example.fowergram";
    private readonly WebApplication _app;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? Reason, string? Body)>> _answers = new();

    public sealed record Received(string Device, string Protocol, IReadOnlyDictionary<string, string> Headers, JsonElement Body);

    public ConcurrentQueue<Received> Pushes { get; } = new();
    public string Origin { get; private set; } = "";

    private ApnsServiceStub(WebApplication app) => _app = app;

    public static async Task<ApnsServiceStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new ApnsServiceStub(app);
        app.MapPost("/3/device/{device}", async (string device, HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("bearer ", StringComparison.Ordinal) || !stub.Verifies(authorization["bearer ".Length..]))
                return Results.Json(new { reason = "InvalidProviderToken" }, statusCode: 403);
            if (request.Headers["apns-topic"] != BundleId) return Results.Json(new { reason = "DeviceTokenNotForTopic" }, statusCode: 400);
            using var doc = await JsonDocument.ParseAsync(request.Body);
            stub.Pushes.Enqueue(new Received(device, request.Protocol,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), doc.RootElement.Clone()));
            if (stub._answers.TryGetValue(device, out var queue) && queue.TryDequeue(out var answer))
                return answer.Body is not null
                    ? Results.Content(answer.Body, "application/json", statusCode: answer.Status)
                    : Results.Json(new { reason = answer.Reason }, statusCode: answer.Status);
            return Results.Ok();
        });
        await app.StartAsync();
        stub.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return stub;
    }

    public string PrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    public void Answer(string device, int status, string reason) =>
        _answers.GetOrAdd(device, _ => new ConcurrentQueue<(int, string?, string?)>()).Enqueue((status, reason, null));

    /// <summary>The next push to <paramref name="device"/> gets this status and body as it is (a proxy's answer, say).</summary>
    public void AnswerBody(string device, int status, string body) =>
        _answers.GetOrAdd(device, _ => new ConcurrentQueue<(int, string?, string?)>()).Enqueue((status, null, body));

    public List<Received> To(string device) => Pushes.Where(p => p.Device == device).ToList();

    private bool Verifies(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return false;
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        return header.RootElement.GetProperty("alg").GetString() == "ES256" && header.RootElement.GetProperty("kid").GetString() == KeyId
            && claims.RootElement.GetProperty("iss").GetString() == TeamId && claims.RootElement.TryGetProperty("iat", out _)
            && _key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

/// <summary>A host on a database of its own that sends iOS pushes to <see cref="Apns"/>; the tests run its push job.</summary>
public sealed class ApnsHost : PushJobHost
{
    public ApnsServiceStub Apns { get; private set; } = null!;

    protected override async Task StartServiceAsync() => Apns = await ApnsServiceStub.StartAsync();

    protected override void Configure(WebApplicationBuilder b)
    {
        b.Configuration["Push:Apns:PrivateKey"] = Apns.PrivateKeyPem();
        b.Configuration["Push:Apns:KeyId"] = ApnsServiceStub.KeyId;
        b.Configuration["Push:Apns:TeamId"] = ApnsServiceStub.TeamId;
        b.Configuration["Push:Apns:BundleId"] = ApnsServiceStub.BundleId;
        b.Configuration["Push:Apns:Endpoint"] = Apns.Origin;
    }

    protected override ValueTask StopServiceAsync() => Apns.DisposeAsync();

    /// <summary>A new account whose iOS app registered a fresh device token; the token as the app sent it (upper case).</summary>
    public async Task<(TestAccount Account, string Token)> RegisteredAsync()
    {
        var account = await App.Client.RegisterAsync();
        var token = NewToken();
        await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", new { apnsToken = token }, account.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (account, token);
    }

    /// <summary>A device token as an app prints it: 32 bytes in hex.</summary>
    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
}
