using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Media;

/// <summary>
/// A host on a database of its own, for jobs that act on every row: run with a clock moved far ahead,
/// they would otherwise expire the slots of tests running in parallel on the shared database.
/// </summary>
public sealed class ScratchDatabaseApp : IAsyncLifetime
{
    private ScratchDatabase? _database;

    public FowergramApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateScratchAsync();
        await new Migrator(_database.DataSource).MigrateAsync();
        App = new FowergramApp { Configure = b => b.Configuration["ConnectionStrings:Fowergram"] = _database.ConnectionString };
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
