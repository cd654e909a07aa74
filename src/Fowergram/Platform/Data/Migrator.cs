using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fowergram.Platform.Data;

public sealed record MigrationStatus(int Version, string Name, DateTimeOffset? AppliedAt, bool Edited);

public sealed class MigrationException(string message) : Exception(message);

/// <summary>
/// Applies the embedded migrations. A session-level advisory lock serialises concurrent runners
/// (two instances starting at once both wait, then the second finds nothing to do); each
/// migration and its <c>schema_migrations</c> row commit in one transaction. The lock is released
/// explicitly: Npgsql resets a pooled session lazily, so an idle pooled connection would keep it.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator>? logger = null)
{
    // Any fixed 64-bit number unique to this application; "fowergram" as ASCII.
    private const long LockKey = 0x666F77657267;
    private readonly ILogger _logger = logger ?? NullLogger<Migrator>.Instance;

    public IReadOnlyList<MigrationFile> Files { get; init; } = MigrationFile.LoadEmbedded();

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var locked = await LockAsync(ct);
        var conn = locked.Connection;
        var applied = await AppliedAsync(conn, ct);
        RefuseEdited(applied);
        var count = 0;
        foreach (var file in Files.Where(f => !applied.ContainsKey(f.Version)))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(file.Up, transaction: tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                new { file.Version, file.Name, file.Checksum }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            _logger.LogInformation("Applied migration {Version} {Name}", file.Version, file.Name);
            count++;
        }
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(DatabaseLocale.FoldsUnicode, cancellationToken: ct)))
            _logger.LogWarning("The database's character classes are ASCII only (LC_CTYPE C): searches and case-insensitive names "
                + "will not fold non-ASCII letters as production does; create it with LC_CTYPE 'C.UTF-8' (docs/deploy.md \"Database locale\")");
        return count;
    }

    public async Task<IReadOnlyList<MigrationStatus>> StatusAsync(CancellationToken ct = default)
    {
        await using var locked = await LockAsync(ct);
        var conn = locked.Connection;
        var applied = await AppliedAsync(conn, ct);
        return Files.Select(f => applied.TryGetValue(f.Version, out var row)
                ? new MigrationStatus(f.Version, f.Name, row.AppliedAt, row.Checksum != f.Checksum)
                : new MigrationStatus(f.Version, f.Name, null, false))
            .ToList();
    }

    /// <summary>Reverts the most recently applied migration with its .down.sql; returns it, or null when none is applied.</summary>
    public async Task<MigrationFile?> RollbackAsync(CancellationToken ct = default)
    {
        await using var locked = await LockAsync(ct);
        var conn = locked.Connection;
        var applied = await AppliedAsync(conn, ct);
        if (applied.Count == 0) return null;
        var version = applied.Keys.Max();
        var file = Files.SingleOrDefault(f => f.Version == version)
            ?? throw new MigrationException($"Migration {version:D4} is applied but its files are not in this build.");
        if (file.Down is null) throw new MigrationException($"Migration {file.Version:D4}_{file.Name} has no .down.sql.");
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(file.Down, transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM schema_migrations WHERE version = @version",
            new { version }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        _logger.LogInformation("Rolled back migration {Version} {Name}", file.Version, file.Name);
        return file;
    }

    /// <summary>Drops everything in the public schema, then applies every migration again.</summary>
    public async Task<int> ResetAsync(CancellationToken ct = default)
    {
        await using (var locked = await LockAsync(ct))
        {
            await locked.Connection.ExecuteAsync(new CommandDefinition(
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", cancellationToken: ct));
        }
        return await MigrateAsync(ct);
    }

    private async Task<LockedConnection> LockAsync(CancellationToken ct)
    {
        var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken: ct));
        return new LockedConnection(conn);
    }

    /// <summary>Holds the migration lock for the life of a session; unlocks before the connection goes back to the pool.</summary>
    private sealed class LockedConnection(NpgsqlConnection connection) : IAsyncDisposable
    {
        public NpgsqlConnection Connection => connection;

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (connection.State == System.Data.ConnectionState.Open)
                    await connection.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<Dictionary<int, (string Checksum, DateTimeOffset AppliedAt)>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<(int Version, string Checksum, DateTime AppliedAt)>(new CommandDefinition(
            "SELECT version, checksum, applied_at FROM schema_migrations", cancellationToken: ct));
        return rows.ToDictionary(r => r.Version, r => (r.Checksum, new DateTimeOffset(DateTime.SpecifyKind(r.AppliedAt, DateTimeKind.Utc))));
    }

    private void RefuseEdited(Dictionary<int, (string Checksum, DateTimeOffset AppliedAt)> applied)
    {
        var edited = Files.Where(f => applied.TryGetValue(f.Version, out var row) && row.Checksum != f.Checksum).ToList();
        if (edited.Count > 0)
            throw new MigrationException(
                "Applied migrations were edited after they ran: " + string.Join(", ", edited.Select(f => $"{f.Version:D4}_{f.Name}")) +
                ". Never change an applied migration; add a new one instead (or restore the file).");
    }
}
