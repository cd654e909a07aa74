using Microsoft.AspNetCore.Builder;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// A host with a clock of its own on a database of its own, for jobs that act on every row: run with a
/// clock moved far ahead, they would otherwise expire the slots of tests running in parallel on the
/// shared database. A class fixture, or one per test (<c>new ScratchDatabaseApp { Configure = … }</c>, started
/// and disposed in the test class's own <see cref="IAsyncLifetime"/>) for a host with settings of its own.
/// </summary>
public sealed class ScratchDatabaseApp : IAsyncLifetime
{
    private ScratchDatabase? _database;

    public FowergramApp App { get; private set; } = null!;

    /// <summary>More host settings (the database's connection is set before them).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateScratchAsync();
        await new Migrator(_database.DataSource).MigrateAsync();
        App = TestApps.WithOwnClock(b =>
        {
            b.Configuration["ConnectionStrings:Fowergram"] = _database.ConnectionString;
            Configure?.Invoke(b);
        });
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>A host whose clock the tests of one class move (<see cref="TestApps.WithOwnClock"/>: no background relay).</summary>
public sealed class OwnClockApp : IAsyncLifetime
{
    public FowergramApp App { get; } = TestApps.WithOwnClock();

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}
