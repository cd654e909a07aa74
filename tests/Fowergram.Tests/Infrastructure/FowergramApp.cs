using Fowergram.Server;
using Fowergram.Server.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// The real Server host on Kestrel at 127.0.0.1 and a random port, against the test database,
/// with a <see cref="TestClock"/> and cheap password hashing. HTTP tests talk to it over the wire.
/// </summary>
public sealed class FowergramApp : IAsyncLifetime
{
    private WebApplication? _app;

    public TestClock Clock { get; } = new();
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "fowergram-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Extra settings or service overrides for a test class that needs them.</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    public async Task InitializeAsync()
    {
        await TestDatabase.GetAsync(); // migrated before the host starts
        _app = FowergramServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"], builder =>
        {
            builder.Configuration["ConnectionStrings:Fowergram"] = TestDatabase.ConnectionString;
            builder.Configuration["Auth:PasswordIterations"] = "1000";
            // Every test request comes from 127.0.0.1, and the whole run registers and signs in thousands of accounts from it:
            // the limit per address would refuse them. AddressLimitTests keep the real default in hosts of their own.
            builder.Configuration["Auth:AddressRequestsPerWindow"] = "1000000";
            builder.Configuration["Auth:RegistrationEmailConflictsPerWindow"] = "1000000";
            builder.Configuration["Fowergram:DataDirectory"] = DataDirectory;
            builder.Configuration["Email:MailboxDirectory"] = TestMailbox.Directory;
            // The shared clock stands still, so a delivery backed off after a failure (a deadlock victim past its quick
            // retries, say) would never come due: DrainAsync would return without it and a test would read state the
            // event had not made yet. With no backoff a failed delivery is due again at once and DrainAsync retries it
            // until it is applied or dead-lettered (Events:MaxDeliveryCount), as the real host does after its delay.
            builder.Configuration["Events:RetryBaseDelay"] = "00:00:00";
            // The streaming provider's endpoints (example values; Fowergram never connects to them). A host that wants live
            // streaming off sets both to "" in Configure.
            builder.Configuration["Live:IngestUrl"] = "rtmps://live.example.com:443/app";
            builder.Configuration["Live:PlaybackUrlTemplate"] = "https://live.example.com/hls/{streamId}/index.m3u8";
            // Web Push goes nowhere but this machine's closed discard port unless a test sets its own push service
            // (PushHost): a subscription the fuzz world writes is never sent outside.
            builder.Configuration["Push:AllowedEndpoints"] = "http://127.0.0.1:9";
            builder.Services.AddSingleton<TimeProvider>(Clock);
            Configure?.Invoke(builder);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            // Stopping cancels the background dispatcher mid-delivery and leaves what it had claimed locked
            // for Events:DeliveryLockDuration. The next test run's clock starts at the real time and stands
            // still, so it would never see those locks expire and every DrainAsync would wait for them.
            if (_app.Configuration.GetValue("Fowergram:BackgroundServices", true))
            {
                try { await _app.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(30)); }
                catch (OperationCanceledException) { } // best effort: never fail the run on the way out
            }
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>HTTP tests share one host; tests that move the clock start their own <see cref="FowergramApp"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<FowergramApp>
{
    public const string Name = "api";
}

/// <summary>
/// Tests that lock a whole table (<c>LOCK TABLE</c>) to hold one request at one point, and find it as "the backend waiting
/// for my lock": run alone, after the parallel collections, on a host of their own, so that no other test's request waits
/// for (and is taken for) the one they hold. A clean-clone CI saw NoteReplyRaceTests take another test's request for its
/// reply while other classes ran beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TableLockCollection : ICollectionFixture<FowergramApp>
{
    public const string Name = "table-locks";
}
