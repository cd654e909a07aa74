using Dapper;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// Serialises every change to the relationship of two users (follow, request, approval, block, close
/// friends) in a transaction-scoped advisory lock, so that, e.g., a follow racing a block cannot
/// survive it and an approval cannot slip past a block. A write of one user's that must not outlive a block between
/// them and another (a repost of the other's post or reel) takes it too, and checks the block under it. In Platform
/// because those writes are other features' (Features/Social owns the relationships). The key does not depend on argument order;
/// the first key (a namespace) keeps it apart from other advisory locks (two-key and one-key locks
/// never collide). A hash collision only makes two unrelated pairs wait for each other.
/// </summary>
internal static class PairLock
{
    // First key: 0x736f6369, "soci".
    private const string Sql = """
        SELECT pg_advisory_xact_lock(1936679785, hashtext(least(@a, @b)::text || greatest(@a, @b)::text))
        """;

    public static Task TakeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid a, Guid b, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Sql, new { a, b }, tx, cancellationToken: ct));
}
