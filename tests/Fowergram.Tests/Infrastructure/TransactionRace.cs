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
}
