using Dapper;
using Fowergram.Platform.Http;
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

    /// <summary>
    /// For a shared read that guests make too (search, hashtag and place pages, trending reels, products): true for a guest
    /// (<paramref name="caller"/> null) and for a live account, so that a gone account's token reads nothing. It names no
    /// row of the statement, so PostgreSQL checks it once per statement, before anything else (a One-Time Filter over an
    /// InitPlan: one primary-key probe), and a served read pays no round trip for it; the read that came back empty then
    /// tells a gone account from an empty answer (<see cref="GoneCaller.EmptyAsync"/>, <see cref="GoneCaller.NotFoundAsync"/>).
    /// </summary>
    public static string GuestOrLive(string caller) => $"({caller}::uuid IS NULL OR {Is(caller)})";

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

    /// <summary>
    /// A read of the caller's own data, one keyset page of <paramref name="sql"/> (as <see cref="KeysetQuery.PageAsync{T}(NpgsqlConnection, string, PageRequest, object, Func{T, Cursor}, CancellationToken)"/>),
    /// behind the check whether <paramref name="param"/>'s account is live, both in one batch (one round trip): null when
    /// the account is gone, for the route's 401 (a token outlives its account by minutes, and reads nothing it kept).
    /// </summary>
    public static async Task<Page<T>?> PageAsync<T>(NpgsqlConnection conn, string param, string sql, PageRequest page, object args,
        Func<T, Cursor> position, CancellationToken ct)
    {
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition($"SELECT {Is(param)};\n{sql}",
            KeysetSql.Parameters(page, args), cancellationToken: ct));
        if (!await read.ReadSingleAsync<bool>()) return null;
        return Page<T>.From((await read.ReadAsync<T>()).ToList(), page.Limit, position);
    }

    /// <summary>
    /// A read of the caller's own data, the rows of <paramref name="sql"/>, behind the same check in the same batch: null
    /// when <paramref name="param"/>'s account is gone.
    /// </summary>
    public static async Task<List<T>?> ListAsync<T>(NpgsqlConnection conn, string param, string sql, object args, CancellationToken ct)
    {
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition($"SELECT {Is(param)};\n{sql}", args, cancellationToken: ct));
        if (!await read.ReadSingleAsync<bool>()) return null;
        return (await read.ReadAsync<T>()).ToList();
    }

    /// <summary>Runs a statement that answers one (live, written) row: <see cref="Guarded"/>'s, or one composed alike.</summary>
    public static Task<GuardedWrite> RunAsync(NpgsqlConnection conn, string sql, object args, CancellationToken ct) =>
        conn.QuerySingleAsync<GuardedWrite>(new CommandDefinition(sql, args, cancellationToken: ct));
}

/// <summary>What a guarded write did: nothing when the caller's account is gone (<see cref="Live"/> false).</summary>
public sealed record GuardedWrite(bool Live, long Written);
