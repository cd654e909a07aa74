using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Everything an account purge writes in threads, one part per transaction: the account's messages
/// (<see cref="MessagesPurgeStep"/>), then others' messages sharing its things (<see cref="SharesPurgeStep"/>), then its groups
/// (<see cref="GroupsPurgeStep"/>). Each part locks the threads it writes in, in id order, in one statement, before writing
/// there; running only the first part that finds work keeps it to that one statement per transaction, so every purge
/// transaction takes thread locks in one global order, as each write of a thread (one thread) and message-vanish (SKIP LOCKED)
/// do. As separate steps in one transaction, a purge locked its message threads, then its groups: two members of the same
/// groups purged at once each held a thread the other's second lock wanted, a deadlock (PurgeThreadLockOrderTests).
/// </summary>
public sealed class ThreadsPurgeStep(MessagesPurgeStep messages, SharesPurgeStep shares, GroupsPurgeStep groups) : IAccountPurgeStep
{
    public string Name => "threads";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        // A part that locked threads ends the transaction's thread work even if a concurrent unsend left it nothing to write
        // (counted as 1, so the job runs another batch rather than taking the account for done).
        if (await messages.PurgeAsync(conn, tx, userId, limit, ct) is { } removed) return Math.Max(removed, 1);
        if (await shares.PurgeAsync(conn, tx, userId, limit, ct) is { } cleared) return Math.Max(cleared, 1);
        return await groups.PurgeAsync(conn, tx, userId, limit, now, ct);
    }
}
