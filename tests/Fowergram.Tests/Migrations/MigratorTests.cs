using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>The migrator's contract: apply once, refuse edits, roll back with the down file, reset, report status.</summary>
public sealed class MigratorTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private static IReadOnlyList<MigrationFile> Edited(int version) =>
        Files.Select(f => f.Version == version ? new MigrationFile(f.Version, f.Name, f.Up + "\n-- edited", f.Down) : f).ToList();

    [Fact]
    public void Embedded_migrations_are_ordered_named_and_all_reversible()
    {
        Assert.Equal(Files.Select(f => f.Version).Order(), Files.Select(f => f.Version));
        Assert.Equal(Enumerable.Range(1, 9), Files.Select(f => f.Version).Where(v => v <= 9)); // the data model's 0001-0009
        Assert.All(Files, f => Assert.False(string.IsNullOrWhiteSpace(f.Down), $"{f.Version:D4}_{f.Name} has no down file"));
        Assert.All(Files, f => Assert.Matches("^(create|add|drop|alter|rename|seed)_[a-z0-9_]+$", f.Name));
    }

    [Fact]
    public void A_changed_copy_of_a_migration_gets_a_new_checksum()
    {
        var original = Files[0];
        var copy = original with { Up = original.Up + " " };
        Assert.NotEqual(original.Checksum, copy.Checksum);
        Assert.Equal(MigrationFile.ComputeChecksum(copy.Up), copy.Checksum);
        Assert.Equal(original.Checksum, MigrationFile.ComputeChecksum(original.Up.Replace("\n", "\r\n")));
    }

    [Fact]
    public async Task An_edited_applied_migration_is_refused()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Take(3).ToList() }.MigrateAsync();

        var error = await Assert.ThrowsAsync<MigrationException>(() =>
            new Migrator(scratch.DataSource) { Files = Edited(2) }.MigrateAsync());

        Assert.Contains("0002_create_event_pipeline", error.Message);
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        Assert.Equal(3, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations")); // nothing else ran
    }

    [Fact]
    public async Task Status_reports_applied_pending_and_edited_migrations()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Take(3).ToList() }.MigrateAsync();

        var status = await new Migrator(scratch.DataSource) { Files = Edited(2) }.StatusAsync();

        Assert.Equal(Files.Select(f => f.Version), status.Select(s => s.Version));
        Assert.Equal([false, true, false], status.Take(3).Select(s => s.Edited));
        Assert.All(status.Take(3), s => Assert.NotNull(s.AppliedAt));
        Assert.All(status.Skip(3), s => Assert.Equal((null, false), (s.AppliedAt, s.Edited)));
    }

    [Fact]
    public async Task Concurrent_migrators_on_a_fresh_database_apply_each_migration_exactly_once()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        // Separate data sources, as separate processes (instances scaling out at once) would have.
        var sources = Enumerable.Range(0, 4).Select(_ => DataServices.CreateDataSource(scratch.ConnectionString)).ToList();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => new Migrator(s).MigrateAsync()))
                .WaitAsync(TimeSpan.FromSeconds(120));

            Assert.Equal(Files.Count, applied.Sum());
            await using var conn = await scratch.DataSource.OpenConnectionAsync();
            var versions = (await conn.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
            Assert.Equal(Files.Select(f => f.Version), versions);
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_migration_lock_is_released_when_a_run_ends_even_though_its_connection_stays_pooled()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await using var first = DataServices.CreateDataSource(scratch.ConnectionString);
        await using var second = DataServices.CreateDataSource(scratch.ConnectionString);
        await new Migrator(first).MigrateAsync(); // its connection now idles in first's pool

        // Before the explicit unlock this waited until the idle connection was pruned (minutes).
        var status = await new Migrator(second).StatusAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(status, s => Assert.NotNull(s.AppliedAt));
    }

    [Fact]
    public async Task Rollback_runs_the_down_file_of_the_latest_migration()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        var probe = new MigrationFile(Files[^1].Version + 1, "create_probe",
            "CREATE TABLE probe (id integer PRIMARY KEY);",
            "DROP TABLE probe; CREATE TABLE probe_down_ran (id integer);");
        var migrator = new Migrator(scratch.DataSource) { Files = [.. Files, probe] };
        await migrator.MigrateAsync();

        var rolledBack = await migrator.RollbackAsync();

        Assert.Equal(probe.Version, rolledBack!.Version);
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT to_regclass('probe')::text"));
        Assert.Equal("probe_down_ran", await conn.ExecuteScalarAsync<string?>("SELECT to_regclass('probe_down_ran')::text"));
        Assert.Null((await migrator.StatusAsync()).Single(s => s.Version == probe.Version).AppliedAt);

        // The real 0009 down: its objects go, and 0002's create_monthly_partitions comes back verbatim.
        while ((await migrator.RollbackAsync())!.Version > 9) { }
        Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT to_regclass('notifications')::text"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_proc WHERE proname = 'get_user_feed'"));
        var body = await conn.ExecuteScalarAsync<string>("SELECT prosrc FROM pg_proc WHERE proname = 'create_monthly_partitions'");
        Assert.Contains(body!.Trim(), Files.Single(f => f.Version == 2).Up);
    }

    [Fact]
    public async Task Rollback_refuses_a_migration_without_a_down_file()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        var oneWay = new MigrationFile(Files[^1].Version + 1, "create_one_way", "CREATE TABLE one_way (id integer);", null);
        var migrator = new Migrator(scratch.DataSource) { Files = [.. Files, oneWay] };
        await migrator.MigrateAsync();

        await Assert.ThrowsAsync<MigrationException>(() => migrator.RollbackAsync());

        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        Assert.Equal("one_way", await conn.ExecuteScalarAsync<string?>("SELECT to_regclass('one_way')::text"));
    }

    [Fact]
    public async Task Reset_drops_everything_and_reapplies_every_migration()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        var migrator = new Migrator(scratch.DataSource);
        await migrator.MigrateAsync();
        await using (var conn = await scratch.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                CREATE TABLE stray (id integer);
                INSERT INTO users (id, email, username, hashed_password) VALUES (gen_random_uuid(), 'x@example.test', 'x', 'x');
                """);
        }

        Assert.Equal(Files.Count, await migrator.ResetAsync());

        await using var check = await scratch.DataSource.OpenConnectionAsync();
        Assert.Null(await check.ExecuteScalarAsync<string?>("SELECT to_regclass('stray')::text"));
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM users"));
        Assert.All(await migrator.StatusAsync(), s => Assert.Equal((true, false), (s.AppliedAt is not null, s.Edited)));
    }
}
