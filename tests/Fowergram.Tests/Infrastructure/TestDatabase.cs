using Fowergram.Platform.Data;
using Npgsql;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// The test run's PostgreSQL, provisioned by scripts/test.sh (ConnectionStrings__Fowergram).
/// The shared database is migrated once per run; tests isolate by unique data, not by resets.
/// Tests that need a database of their own (migration round-trips) get a scratch one.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<NpgsqlDataSource>> Shared = new(CreateSharedAsync);

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Fowergram") is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException("ConnectionStrings__Fowergram is not set: run the tests with scripts/test.sh, which provisions PostgreSQL.");

    public static Task<NpgsqlDataSource> GetAsync() => Shared.Value;

    private static async Task<NpgsqlDataSource> CreateSharedAsync()
    {
        var dataSource = DataServices.CreateDataSource(ConnectionString);
        await new Migrator(dataSource).MigrateAsync();
        return dataSource;
    }

    /// <summary>A new, empty database for one test; dropped when the returned handle is disposed.</summary>
    public static async Task<ScratchDatabase> CreateScratchAsync()
    {
        var name = "fg_scratch_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            // The shared database's locale (scripts/lib.sh: C collation, C.UTF-8 character classes), not the cluster's default.
            await using var locale = new NpgsqlCommand("SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()", admin);
            string collate, ctype;
            await using (var reader = await locale.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                (collate, ctype) = (reader.GetString(0), reader.GetString(1));
            }
            await using var cmd = new NpgsqlCommand(
                $"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '{collate}' LC_CTYPE '{ctype}'", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name };
        return new ScratchDatabase(name, builder.ConnectionString, DataServices.CreateDataSource(builder.ConnectionString));
    }
}

public sealed class ScratchDatabase(string name, string connectionString, NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public string Name => name;
    public string ConnectionString => connectionString;
    public NpgsqlDataSource DataSource => dataSource;

    public async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestDatabase.ConnectionString);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await cmd.ExecuteNonQueryAsync();
    }
}
