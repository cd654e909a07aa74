using Npgsql;

namespace Fowergram.Platform.Purge;

/// <summary>
/// One area's part of taking a deleted account apart (docs/accounts.md "Deleting an account"). The
/// account-purge job (Accounts) calls every registered step, batch after batch, until none finds anything
/// left, so it never depends on those areas. A step removes the account's rows that other accounts'
/// counters or lists depend on the way the owner removing them would — with the same events, so the
/// consumers move every counter exactly and take back notices — instead of leaving them to the cascade
/// of the final DELETE, which would raise no event and leave counters drifting.
/// </summary>
public interface IAccountPurgeStep
{
    /// <summary>A short name for logs ("follows", "likes").</summary>
    string Name { get; }

    /// <summary>
    /// Removes at most <paramref name="limit"/> of the account's rows, in the caller's transaction, with their
    /// events. An event that undoes the account's own act (an unlike) names the account as its actor, as the owner's
    /// own undo would, so the notice it caused is taken back; the others have none (the system does it, and nobody
    /// else's activity log should record it). Returns how many it removed; 0 means this step is done.
    /// </summary>
    Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct);
}
