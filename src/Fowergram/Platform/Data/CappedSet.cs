using Dapper;
using Npgsql;

namespace Fowergram.Platform.Data;

/// <summary>
/// The statements of a per-account set with a cap (favorites, hidden words): a transaction-level lock that makes one
/// account's adds take turns, whether the row is there, how many rows the account has, and the insert. Each binds its
/// own arguments.
/// </summary>
public sealed record CappedSetSql(string Lock, string Exists, string Count, string Insert);

public static class CappedSet
{
    /// <summary>
    /// Adds the row in <paramref name="args"/> unless it is there already; false (nothing written) when the account
    /// already holds <paramref name="max"/> rows. Two adds at once cannot both pass the cap: they take turns on the lock.
    /// </summary>
    public static async Task<bool> TryAddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CappedSetSql sql, object args, int max, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(sql.Lock, args, tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(sql.Exists, args, tx, cancellationToken: ct))) return true;
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(sql.Count, args, tx, cancellationToken: ct)) >= max) return false;
        await conn.ExecuteAsync(new CommandDefinition(sql.Insert, args, tx, cancellationToken: ct));
        return true;
    }
}
