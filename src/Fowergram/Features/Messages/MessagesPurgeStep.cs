using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A purged account's messages, deleted here in batches rather than by the final DELETE's cascade, each under its thread's lock
/// taken first, the order message-vanish and every write of a thread take (docs/messages.md "Vanish mode"): deleting a message
/// writes the messages quoting it (ON DELETE SET NULL). Left to the cascade, the purge held the account's messages A and C and
/// waited for B (A's deletion clearing B's quote) while a vanish run holding B's thread and B waited for C (B's deletion
/// clearing C's quote): a deadlock (MessagesPurgeLockOrderTests). The threads are locked in id order, in one statement, as the
/// other parts of <see cref="ThreadsPurgeStep"/> and every membership change lock theirs, and before any message is touched;
/// quotes never cross threads, so no deletion here writes a message of a thread it does not hold. Those carrying a reel or a long-form video are removed as their unsends
/// would be (reel.unshared, igtv_video.unshared), so the share counts of everyone else's reels and videos drop with them.
/// Their uploads are the account's own, released by UploadsPurgeStep; what a takedown kept goes with the row.
/// </summary>
public sealed class MessagesPurgeStep(TimeProvider time)
{
    /// <summary>The threads of (at most) a batch of the account's messages, locked as a thread write locks its thread.</summary>
    private const string LockThreads = """
        SELECT c.id FROM conversations c
         WHERE c.id IN (SELECT conversation_id FROM messages WHERE sender_id = @userId LIMIT @limit)
         ORDER BY c.id
           FOR UPDATE OF c
        """;

    private const string Remove = """
        DELETE FROM messages
         WHERE id IN (SELECT id FROM messages WHERE sender_id = @userId AND conversation_id = ANY (@threads) LIMIT @limit)
        RETURNING id, shared_reel_id, shared_video_id
        """;

    /// <summary>
    /// Deletes at most <paramref name="limit"/> of the account's messages and returns how many; null when it has none left,
    /// having locked nothing (<see cref="ThreadsPurgeStep"/> then goes on to the next part in the same transaction).
    /// </summary>
    public async Task<int?> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, CancellationToken ct)
    {
        var threads = (await conn.QueryAsync<Guid>(new CommandDefinition(LockThreads, new { userId, limit }, tx, cancellationToken: ct))).ToArray();
        if (threads.Length == 0) return null;
        var removed = (await conn.QueryAsync<SharedThing>(new CommandDefinition(Remove, new { userId, threads, limit }, tx, cancellationToken: ct))).ToList();
        await MessageShares.RaiseAsync(conn, tx, time, userId, removed, removed: true, ct);
        return removed.Count;
    }
}
