using Dapper;
using Npgsql;

namespace Fowergram.Platform.Data;

/// <summary>
/// Runs a statement under PostgreSQL's generic plan, for statements whose planning costs far more than their execution and
/// whose custom plans never lose to the generic one in PostgreSQL's comparison, so that auto-preparing alone never reaches
/// it. The notices' page and badge carry ~100 visibility sublinks: 7.5–25 ms to plan, well under 1 ms to run, and with the
/// recipient unknown the generic plan's estimate is an average recipient's, so PostgreSQL keeps planning afresh
/// (docs/performance-history.md, "The forty-seventh session: route sweep").
/// </summary>
/// <remarks>
/// <c>set_config(…, true)</c> goes in the same batch, before the statement: the batch runs as one implicit transaction up to
/// its Sync, so the setting holds for the statement's planning and ends with it, never leaking into the pooled connection's
/// next use. (<c>SET LOCAL</c> would warn outside an explicit transaction block.)
/// </remarks>
public static class GenericPlan
{
    private const string Force = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true);\n";

    public static async Task<List<T>> QueryAsync<T>(NpgsqlConnection conn, string sql, object args, CancellationToken ct)
    {
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(Force + sql, args, cancellationToken: ct));
        await results.ReadAsync<string>();
        return (await results.ReadAsync<T>()).ToList();
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, object args, CancellationToken ct)
    {
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(Force + sql, args, cancellationToken: ct));
        await results.ReadAsync<string>();
        return await results.ReadSingleAsync<T>();
    }
}
