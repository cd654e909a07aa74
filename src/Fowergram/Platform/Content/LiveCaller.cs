using Dapper;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// The caller's account re-checked inside the one statement a write runs (tokens outlive accounts, docs/accounts.md
/// "Sessions"), for writes of one statement: the check costs no round trip of its own, as <see cref="People.IsLiveAsync"/>
/// would, and the answer tells a gone account (401) from a thing that is not there (404) on the same snapshot.
/// </summary>
public static class LiveCaller
{
    /// <summary>The condition a guarded write carries in its WHERE: the caller's account exists and is active.</summary>
    public const string IsLive = "(SELECT live FROM caller)";

    /// <summary>
    /// True while the account named by <paramref name="caller"/> (e.g. <c>@viewer</c>) exists and is active, inline, for a
    /// statement that answers the check beside its own result rather than through <see cref="Cte"/>.
    /// </summary>
    public static string Is(string caller) =>
        $"EXISTS (SELECT 1 FROM users live_caller WHERE live_caller.id = {caller} AND live_caller.deleted_at IS NULL AND live_caller.is_active)";

    /// <summary>The CTE <c>caller(live)</c> for <paramref name="param"/>, for statements that compose their own WITH.</summary>
    public static string Cte(string param) =>
        $"caller AS (SELECT {Is(param)} AS live)";

    /// <summary>
    /// <paramref name="write"/> (a DELETE, UPDATE or INSERT … SELECT without RETURNING that carries <see cref="IsLive"/>) as one statement that
    /// answers one <see cref="GuardedWrite"/>: whether the caller is live, and how many rows it wrote.
    /// </summary>
    public static string Guarded(string param, string write) => $"""
        WITH {Cte(param)}, written AS ({write} RETURNING 1)
        SELECT {IsLive} AS live, count(*) AS written FROM written
        """;

    /// <summary>Runs a statement that answers one (live, written) row: <see cref="Guarded"/>'s, or one composed alike.</summary>
    public static Task<GuardedWrite> RunAsync(NpgsqlConnection conn, string sql, object args, CancellationToken ct) =>
        conn.QuerySingleAsync<GuardedWrite>(new CommandDefinition(sql, args, cancellationToken: ct));
}

/// <summary>What a guarded write did: nothing when the caller's account is gone (<see cref="Live"/> false).</summary>
public sealed record GuardedWrite(bool Live, long Written);
