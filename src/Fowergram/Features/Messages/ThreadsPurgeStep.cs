using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Everything an account purge writes in threads, one part per transaction: the account's messages
/// (<see cref="MessagesPurgeStep"/>), then others' messages sharing its things (<see cref="SharesPurgeStep"/>), then its groups
/// (<see cref="GroupsPurgeStep"/>), then what is left of it in threads, its participant rows, reactions and name as a thread's
/// opener (<see cref="ThreadPlacesPurgeStep"/>), so the account row's final DELETE writes nothing in threads. Each part locks
/// the threads it writes in, in id order, in one statement, before writing there; running only the first part that finds work keeps it to that one statement per transaction, so every purge
/// transaction takes thread locks in one global order, as each write of a thread (one thread) and message-vanish (SKIP LOCKED)
/// do. As separate steps in one transaction, a purge locked its message threads, then its groups: two members of the same
/// groups purged at once each held a thread the other's second lock wanted, a deadlock (PurgeThreadLockOrderTests).
/// </summary>
public sealed class ThreadsPurgeStep(MessagesPurgeStep messages, SharesPurgeStep shares, GroupsPurgeStep groups, ThreadPlacesPurgeStep places)
    : IAccountPurgeStep
{
    public string Name => "threads";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        // A part that locked threads ends the transaction's thread work even if a concurrent unsend left it nothing to write
        // (counted as 1, so the job runs another batch rather than taking the account for done).
        if (await messages.PurgeAsync(conn, tx, userId, limit, ct) is { } removed) return Math.Max(removed, 1);
        if (await shares.PurgeAsync(conn, tx, userId, limit, ct) is { } cleared) return Math.Max(cleared, 1);
        // Groups before places: a group the account leaves gets its next admin (KeepAnAdmin); its row taken first would skip that.
        if (await groups.PurgeAsync(conn, tx, userId, limit, now, ct) is > 0 and var left) return left;
        return await places.PurgeAsync(conn, tx, userId, limit, ct) is { } taken ? Math.Max(taken, 1) : 0;
    }
}
