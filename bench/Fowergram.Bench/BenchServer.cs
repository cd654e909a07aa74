using System.Globalization;
using System.Security.Cryptography;
using Fowergram.Platform.Auth;
using Fowergram.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Bench;

/// <summary>
/// The real Server host, in this process, on 127.0.0.1 and a free port (loopback only), against the
/// benchmark database, with the dataset's feed settings, a throw-away signing key and quiet logs.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private BenchServer(WebApplication app, string dataDirectory, string[] args)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Arguments = args;
    }

    /// <summary>The host's command line (with "--urls http://127.0.0.1:0"), so that a child Server process can run the same configuration and accept the same tokens.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public IServiceProvider Services => _app.Services;
    public IEndpointRouteBuilder Routes => _app;
    public Uri Address { get; private set; } = null!;

    public static async Task<BenchServer> StartAsync(string connectionString, DatasetInfo info)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fowergram-bench-" + Guid.NewGuid().ToString("N")[..12]);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--environment", "Development",
            "--ConnectionStrings:Fowergram", connectionString,
            "--Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            "--Fowergram:DataDirectory", dataDirectory,
            "--Email:MailboxDirectory", Path.Combine(dataDirectory, "mailbox"),
            "--Media:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            "--Feed:FanOutMaxFollowers", info.Threshold.ToString(CultureInfo.InvariantCulture),
            "--Feed:RetentionDays", info.Window.ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            // Consumers and jobs run only when the benchmark drains the pipeline (after the like rounds): the
            // figures are the request paths alone, not whatever housekeeping happens to run beside them.
            "--Fowergram:BackgroundServices", "false",
        ];
        var app = FowergramServer.Build(args);
        await app.StartAsync();
        var server = new BenchServer(app, dataDirectory, args);
        server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>An access token for generated user n (username b{n}), as a login would issue.</summary>
    public string TokenFor(long n) =>
        Services.GetRequiredService<AccessTokens>().Issue(Dataset.UserId(n), "b" + n.ToString(CultureInfo.InvariantCulture)).Token;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
