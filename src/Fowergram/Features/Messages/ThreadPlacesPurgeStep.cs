using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// The last of a purged account in threads, once <see cref="GroupsPurgeStep"/> has taken it out of its groups: its participant
/// rows, its reactions and its name as the opener of threads (<c>created_by</c>), removed here in batches under the threads'
/// locks taken first, in id order, in one statement, as the other parts of <see cref="ThreadsPurgeStep"/> take theirs. Left to
/// the account row's final DELETE, they went by its foreign keys (CASCADE, SET NULL) with no thread lock taken first: the SET
/// NULL locked each thread the account opened in the order it found them (where their rows lay, not their ids), so a
/// transaction locking threads in id order (another purge's part, which held the lower and waited for the higher) and that DELETE
/// (which held the higher and waited for the lower) could deadlock, and it waited for any send or unsend holding a thread
/// (PurgeThreadLockOrderTests holds one; the DELETE waited there before). The final DELETE now writes nothing in threads. Nothing is raised: none of these is counted or noticed (readers already leave a gone account's
/// reactions and place out).
/// </summary>
public sealed class ThreadPlacesPurgeStep
{
    /// <summary>At most a batch of threads the account has a place in, reacted in or opened, locked as a thread write locks it.</summary>
    private const string LockThreads = """
        SELECT c.id FROM conversations c
         WHERE c.id IN (SELECT conversation_id FROM conversation_participants WHERE user_id = @userId
                        UNION ALL
                        SELECT id FROM conversations WHERE created_by = @userId
                        UNION ALL
                        SELECT m.conversation_id FROM message_reactions r JOIN messages m ON m.id = r.message_id WHERE r.user_id = @userId)
         ORDER BY c.id LIMIT @limit
           FOR UPDATE OF c
        """;

    private const string Remove = """
        DELETE FROM message_reactions r USING messages m
         WHERE r.user_id = @userId AND m.id = r.message_id AND m.conversation_id = ANY (@threads);
        DELETE FROM conversation_participants WHERE user_id = @userId AND conversation_id = ANY (@threads);
        UPDATE conversations SET created_by = NULL WHERE created_by = @userId AND id = ANY (@threads);
        """;

    /// <summary>
    /// Takes the account out of at most <paramref name="limit"/> threads and returns how many; null when it is in none, having
    /// locked nothing.
    /// </summary>
    public async Task<int?> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, CancellationToken ct)
    {
        var threads = (await conn.QueryAsync<Guid>(new CommandDefinition(LockThreads, new { userId, limit }, tx, cancellationToken: ct))).ToArray();
        if (threads.Length == 0) return null;
        await conn.ExecuteAsync(new CommandDefinition(Remove, new { userId, threads }, tx, cancellationToken: ct));
        return threads.Length;
    }
}
