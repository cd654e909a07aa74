using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Net;
using System.Text.Json;
using Fowergram.Features.Notifications.Push;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A push service on 127.0.0.1 (Kestrel, real HTTP): it records every message and answers what the test queued for the
/// endpoint (201 otherwise), as FCM or Mozilla's autopush would. Only the tests' hosts allow it (Push:AllowedEndpoints).
/// </summary>
public sealed class PushServiceStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();

    public sealed record Received(string Name, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <summary>Runs as each message arrives, before it is answered (a test standing for a slow service moves its clock here).</summary>
    public Action<string>? OnReceived { get; set; }
    public string Origin { get; }

    private PushServiceStub(WebApplication app, string origin) => (_app, Origin) = (app, origin);

    public static async Task<PushServiceStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PushServiceStub? stub = null;
        app.MapPost("/push/{name}", async (string name, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            stub!.Messages.Enqueue(new Received(name, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            stub.OnReceived?.Invoke(name);
            return Results.StatusCode(stub._answers.TryGetValue(name, out var queue) && queue.TryDequeue(out var status) ? status : 201);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub = new PushServiceStub(app, address.TrimEnd('/'));
    }

    public string Endpoint(string name) => $"{Origin}/push/{name}";

    /// <summary>The next sends to <paramref name="name"/> get these statuses, in order.</summary>
    public void Answer(string name, params int[] statuses)
    {
        var queue = _answers.GetOrAdd(name, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses) queue.Enqueue(status);
    }

    public List<Received> To(string name) => Messages.Where(m => m.Name == name).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A browser's side of a push subscription: its P-256 key pair and auth secret, and the decryption (RFC 8291).</summary>
public sealed class TestBrowser : IDisposable
{
    public ECDiffieHellman Key { get; } = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    public byte[] Auth { get; } = RandomNumberGenerator.GetBytes(16);
    public string Name { get; } = "b" + Guid.NewGuid().ToString("N")[..12];

    public string P256dh => Base64Url.EncodeToString(WebPushEncryption.PublicKeyOf(Key));
    public string AuthText => Base64Url.EncodeToString(Auth);

    public object Subscription(PushServiceStub service) => new { endpoint = service.Endpoint(Name), keys = new { p256dh = P256dh, auth = AuthText } };

    public string Read(byte[] body) => Encoding.UTF8.GetString(Decrypt(body, Key, Auth));

    /// <summary>RFC 8291 §3.4 and RFC 8188 from the receiving end, written apart from the server's code.</summary>
    public static byte[] Decrypt(byte[] body, ECDiffieHellman userAgent, byte[] auth)
    {
        var salt = body[..16];
        Assert.Equal(4096u, BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4)));
        var keyLength = body[20];
        var senderPublic = body[21..(21 + keyLength)];
        var sealedRecord = body[(21 + keyLength)..];
        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = senderPublic[1..33], Y = senderPublic[33..65] },
        });
        var shared = userAgent.DeriveRawSecretAgreement(sender.PublicKey);
        var userAgentPublic = WebPushEncryption.PublicKeyOf(userAgent);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, shared, auth);
        var ikm = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, [.. "WebPush: info\0"u8, .. userAgentPublic, .. senderPublic]);
        var prk2 = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var key = HKDF.Expand(HashAlgorithmName.SHA256, prk2, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk2, 12, "Content-Encoding: nonce\0"u8.ToArray());
        var record = new byte[sealedRecord.Length - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, sealedRecord[..^16], sealedRecord[^16..], record);
        var end = record.Length - 1;
        while (record[end] == 0) end--; // padding
        Assert.Equal(2, record[end]); // the last record's delimiter
        return record[..end];
    }

    public void Dispose() => Key.Dispose();
}

/// <summary>A host on a database of its own whose push job the tests run, allowed to push to <see cref="Service"/>.</summary>
public sealed class PushHost : PushJobHost
{
    public PushServiceStub Service { get; private set; } = null!;

    protected override async Task StartServiceAsync() => Service = await PushServiceStub.StartAsync();

    protected override void Configure(WebApplicationBuilder b)
    {
        b.Configuration["Push:AllowedEndpoints"] = $"{Service.Origin},https://fcm.googleapis.com,https://*.push.apple.com";
        b.Configuration["Push:ChannelFanOutBatch"] = "2"; // a channel's members are queued over several batches
    }

    protected override ValueTask StopServiceAsync() => Service.DisposeAsync();

    /// <summary>A new account whose browser subscribed to pushes at <see cref="Service"/> (with its session, or <paramref name="token"/>'s).</summary>
    public async Task<(TestAccount Account, TestBrowser Browser)> SubscribedAsync(string? token = null)
    {
        var account = await App.Client.RegisterAsync();
        var browser = new TestBrowser();
        await (await App.Client.PostJsonAsync("/api/v1/users/me/push-subscriptions", browser.Subscription(Service), token ?? account.AccessToken))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (account, browser);
    }


    /// <summary>What <paramref name="browser"/> received, decrypted.</summary>
    public List<JsonElement> Read(TestBrowser browser) =>
        Service.To(browser.Name).Select(m => JsonDocument.Parse(browser.Read(m.Body)).RootElement.Clone()).ToList();
}
