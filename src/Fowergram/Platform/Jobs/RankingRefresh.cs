using Dapper;
using Npgsql;

namespace Fowergram.Platform.Jobs;

/// <summary>
/// Replaces a ranking a job keeps for everyone (explore's posts, recommended reels) with one statement in one transaction,
/// so readers see the old ranking or the new one, never a part. The statement locks its table first (docs/feed.md "Explore").
/// </summary>
public static class RankingRefresh
{
    /// <returns>The rows the statement deleted and inserted.</returns>
    public static async Task<int> ReplaceAsync(NpgsqlDataSource db, string sql, object args, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return changed;
    }
}
