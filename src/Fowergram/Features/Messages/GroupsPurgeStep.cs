using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A purged account leaves its groups as a member leaving would, so a group whose admin it was gets another
/// (<see cref="ConversationsSql.KeepAnAdmin"/>); the final DELETE of the account would otherwise cascade its participant
/// rows away and leave such a group with no admin for good. The threads are locked in id order, as every membership change
/// locks its thread, so a member leaving at the same time waits; in a transaction of its own among the purge's thread parts
/// (<see cref="ThreadsPurgeStep"/>). Its one-to-ones go with that DELETE, as before.
/// </summary>
public sealed class GroupsPurgeStep
{
    private const string LeaveGroups = """
        WITH threads AS (
            SELECT c.id FROM conversations c
             WHERE c.is_group AND c.id IN (SELECT conversation_id FROM conversation_participants WHERE user_id = @userId AND left_at IS NULL)
             ORDER BY c.id LIMIT @limit
               FOR UPDATE OF c)
        UPDATE conversation_participants SET left_at = greatest(@now, joined_at), is_admin = false, pinned_at = NULL
         WHERE user_id = @userId AND left_at IS NULL AND conversation_id IN (SELECT id FROM threads)
        RETURNING conversation_id
        """;

    /// <summary>Leaves at most <paramref name="limit"/> of the account's groups; returns how many (0: none left).</summary>
    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var left = (await conn.QueryAsync<Guid>(new CommandDefinition(LeaveGroups, new { userId, limit, now }, tx, cancellationToken: ct))).ToList();
        foreach (var conversationId in left)
            await conn.ExecuteAsync(new CommandDefinition(ConversationsSql.KeepAnAdmin, new { conversationId }, tx, cancellationToken: ct));
        return left.Count;
    }
}
