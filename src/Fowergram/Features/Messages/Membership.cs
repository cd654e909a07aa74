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

    /// <summary>
    /// Whether the caller's account is still live (tokens outlive accounts), and their place in the thread if so and they
    /// are in it, read together: one query where a write cannot afford a second one (read marks).
    /// </summary>
    public static async Task<(bool CallerLive, Membership? Member)> FindLiveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer,
        string rawId, CancellationToken ct)
    {
        // An id that is no uuid still asks about the caller: a gone account gets its 401 before any 404.
        var conversationId = Guid.TryParse(rawId, out var parsed) ? parsed : Guid.Empty;
        var row = await conn.QuerySingleAsync<LiveRow>(new CommandDefinition(ConversationsSql.LiveMembership,
            new { conversationId, viewer }, tx, cancellationToken: ct));
        if (!row.CallerLive) return (false, null);
        if (row.Id is not { } id) return (true, null);
        return (true, new Membership { Id = id, IsGroup = row.IsGroup!.Value, IsAdmin = row.IsAdmin!.Value, Status = row.Status!, JoinedAt = row.JoinedAt!.Value });
    }

    private sealed class LiveRow
    {
        public bool CallerLive { get; init; }
        public Guid? Id { get; init; }
        public bool? IsGroup { get; init; }
        public bool? IsAdmin { get; init; }
        public string? Status { get; init; }
        public DateTimeOffset? JoinedAt { get; init; }
    }
}
