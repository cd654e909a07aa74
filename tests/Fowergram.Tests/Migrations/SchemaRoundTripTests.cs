using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>Every .down.sql exactly undoes its .up.sql: schemas compared with pg_dump on a scratch database.</summary>
public sealed class SchemaRoundTripTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    [Fact]
    public async Task Up_down_up_gives_an_identical_schema_at_every_step()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        var migrator = new Migrator(scratch.DataSource);
        var dumps = new List<string>();
        for (var applied = 1; applied <= Files.Count; applied++)
        {
            Assert.Equal(1, await new Migrator(scratch.DataSource) { Files = Files.Take(applied).ToList() }.MigrateAsync());
            dumps.Add(await PgDump.SchemaAsync(scratch.ConnectionString));
        }

        for (var applied = Files.Count; applied > 1; applied--)
        {
            var rolledBack = await migrator.RollbackAsync();
            Assert.Equal(Files[applied - 1].Version, rolledBack!.Version);
            var after = await PgDump.SchemaAsync(scratch.ConnectionString);
            Assert.True(dumps[applied - 2] == after,
                $"Rolling back {rolledBack.Version:D4}_{rolledBack.Name} did not restore the schema of {applied - 1} migration(s).");
        }
        Assert.NotNull(await migrator.RollbackAsync());
        Assert.Null(await migrator.RollbackAsync());

        Assert.Equal(Files.Count, await migrator.MigrateAsync());
        Assert.Equal(dumps[^1], await PgDump.SchemaAsync(scratch.ConnectionString));
    }

    [Fact]
    public async Task Rolling_back_every_migration_leaves_only_schema_migrations()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        var migrator = new Migrator(scratch.DataSource);
        await migrator.MigrateAsync();
        while (await migrator.RollbackAsync() is not null) { }

        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var objects = await conn.QueryAsync<string>("""
            SELECT 'relation ' || relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
            UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
            UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace
            UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
            ORDER BY 1
            """);

        Assert.Equal(
            ["relation schema_migrations", "relation schema_migrations_pkey", "type _schema_migrations", "type schema_migrations"],
            objects);
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }
}
