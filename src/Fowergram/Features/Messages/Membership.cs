using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>The caller's current place in a thread. Not a participant (or no longer): the thread is a 404.</summary>
internal sealed class Membership
{
    public Guid Id { get; init; }
    public bool IsGroup { get; init; }
    public bool IsAdmin { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset JoinedAt { get; init; }

    /// <summary>With <paramref name="lockThread"/>, membership changes of the thread wait for this transaction.</summary>
    public static async Task<Membership?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, string rawId, CancellationToken ct,
        bool lockThread = false)
    {
        if (!Guid.TryParse(rawId, out var conversationId)) return null;
        if (lockThread &&
            await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ConversationsSql.LockConversation, new { conversationId }, tx, cancellationToken: ct)) is null)
            return null;
        return await conn.QuerySingleOrDefaultAsync<Membership>(new CommandDefinition(ConversationsSql.Membership,
            new { conversationId, viewer }, tx, cancellationToken: ct));
    }
}
