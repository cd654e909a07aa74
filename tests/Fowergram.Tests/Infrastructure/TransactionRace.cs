using Dapper;
using Npgsql;

namespace Fowergram.Tests.Infrastructure;

/// <summary>
/// Two transactions of one race: the first does its work and stays open; the second starts its work, which must
/// block on the first (asserted after half a second), and finishes once the first commits; then it commits too.
/// </summary>
public static class TransactionRace
{
    public static async Task SecondWaitsForFirstAsync(NpgsqlDataSource db, Func<NpgsqlConnection, NpgsqlTransaction, Task> first,
        Func<NpgsqlConnection, NpgsqlTransaction, Task> second, string because)
    {
        await using var firstConn = await db.OpenConnectionAsync();
        await using var firstTx = await firstConn.BeginTransactionAsync();
        await first(firstConn, firstTx);
        await using var secondConn = await db.OpenConnectionAsync();
        await using var secondTx = await secondConn.BeginTransactionAsync();
        var racing = second(secondConn, secondTx);
        await Task.Delay(500);
        Assert.False(racing.IsCompleted, because);
        await firstTx.CommitAsync();
        await racing;
        await secondTx.CommitAsync();
    }

    /// <summary>
    /// Until some backend is seen waiting for <paramref name="pid"/>'s locks (bounded): <paramref name="request"/> reached the
    /// row that connection holds. Fails if the request finishes first.
    /// </summary>
    public static async Task WaitUntilBlockedByAsync(NpgsqlDataSource db, int pid, Task request)
    {
        if (await BlockedByAsync(db, pid, request) is null) Assert.Fail("The request did not wait for the locked row.");
    }

    /// <summary>The pid of a backend waiting for <paramref name="pid"/>'s locks, once one is (bounded); null if the request finished first.</summary>
    public static async Task<int?> BlockedByAsync(NpgsqlDataSource db, int pid, Task request)
    {
        await using var conn = await db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!request.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await conn.ExecuteScalarAsync<int?>("SELECT pid FROM pg_stat_activity WHERE @pid = ANY (pg_blocking_pids(pid)) LIMIT 1", new { pid })
                is { } waiting)
                return waiting;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        return null;
    }

    /// <summary>
    /// Until a backend other than those in <paramref name="known"/> waits for one of them (bounded): <paramref name="request"/> is
    /// in line behind a queue of known backends, whichever of them it waits for. Returns early if the request finishes first.
    /// </summary>
    public static async Task WaitInLineAsync(NpgsqlDataSource db, Task request, params int[] known)
    {
        await using var conn = await db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!request.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await conn.ExecuteScalarAsync<bool>(
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pg_blocking_pids(pid) && @known AND NOT pid = ANY (@known))", new { known }))
                return;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
    }
}
