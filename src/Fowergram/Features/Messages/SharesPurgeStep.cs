using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Others' messages sharing a purged account's posts, reels, stories and long-form videos lose the share here, under their
/// threads' locks, before the account row's final DELETE would clear it by the foreign keys (ON DELETE SET NULL) without
/// them. Unlocked, that DELETE held one message it had cleared (the post's share) and waited for another (the reel's) that an
/// unsend or a vanish run held with its thread, whose deletion then waited to clear its quote in the first: a deadlock
/// (PurgeThreadLockOrderTests). The threads are locked in id order before any message is written, as the other parts of
/// <see cref="ThreadsPurgeStep"/> lock theirs. The readers already showed these shares as gone (their author is not live);
/// nothing is raised: the things shared go with the account.
/// </summary>
public sealed class SharesPurgeStep
{
    /// <summary>What a message may share of an account's, and the column naming it.</summary>
    private static readonly (string Table, string Column)[] Kinds =
    [
        ("posts", "shared_post_id"), ("reels", "shared_reel_id"), ("stories", "shared_story_id"), ("igtv_videos", "shared_video_id"),
    ];

    private static string LockThreads(string table, string column) => $"""
        SELECT c.id FROM conversations c
         WHERE c.id IN (SELECT m.conversation_id FROM {table} t JOIN messages m ON m.{column} = t.id WHERE t.user_id = @userId LIMIT @limit)
         ORDER BY c.id
           FOR UPDATE OF c
        """;

    private static string Clear(string table, string column) => $"""
        UPDATE messages SET {column} = NULL
         WHERE id IN (SELECT m.id FROM {table} t JOIN messages m ON m.{column} = t.id
                       WHERE t.user_id = @userId AND m.conversation_id = ANY (@threads) LIMIT @limit)
        """;

    /// <summary>
    /// Clears at most <paramref name="limit"/> shares of one kind, the first that has any, and returns how many; null when none
    /// is left, having locked nothing. One kind per call: a second kind's threads would be a second lock statement.
    /// </summary>
    public async Task<int?> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, CancellationToken ct)
    {
        foreach (var (table, column) in Kinds)
        {
            var threads = (await conn.QueryAsync<Guid>(new CommandDefinition(LockThreads(table, column), new { userId, limit }, tx,
                cancellationToken: ct))).ToArray();
            if (threads.Length == 0) continue;
            return await conn.ExecuteAsync(new CommandDefinition(Clear(table, column), new { userId, threads, limit }, tx, cancellationToken: ct));
        }
        return null;
    }
}
