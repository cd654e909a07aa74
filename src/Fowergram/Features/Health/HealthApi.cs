using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Health;

public sealed class HealthApi(NpgsqlDataSource db, TimeProvider time)
{
    /// <summary>GET /api/health: 200 when the database answers, 503 otherwise.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var version = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT max(version) FROM schema_migrations", cancellationToken: ct));
            return Api.Ok(new HealthReport("healthy", "ok", version, time.GetUtcNow()));
        }
        catch (NpgsqlException)
        {
            return Problems.Unavailable("The database is unreachable or not migrated.");
        }
    }
}

public sealed record HealthReport(string Status, string Database, int? SchemaVersion, DateTimeOffset CheckedAt);
