using Dapper;
using Fowergram.Platform.Profiles;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>Turns thread rows into <see cref="ConversationView"/>s: participants, read marks and the newest message, one query each per page.</summary>
internal static class ConversationViews
{
    /// <param name="stillSince">The vanishing rule's <c>@stillSince</c> (<see cref="VanishingRule.StillSince()"/>): a vanished message is no preview.</param>
    /// <param name="now">When a member's quiet mode is judged.</param>
    internal static async Task<IReadOnlyList<ConversationView>> BuildAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer,
        DateTimeOffset stillSince, DateTimeOffset now, IReadOnlyList<ConversationRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var args = new { ids = rows.Select(r => r.Id).ToArray(), viewer, stillSince };
        var people = (await conn.QueryAsync<ParticipantRow>(new CommandDefinition(ConversationsSql.Participants, args, tx, cancellationToken: ct)))
            .ToLookup(p => p.ConversationId);
        var last = (await conn.QueryAsync<LastMessageRow>(new CommandDefinition(ConversationsSql.LastMessages, args, tx, cancellationToken: ct)))
            .ToDictionary(m => m.ConversationId);
        return rows.Select(r =>
        {
            var members = people[r.Id].ToList();
            return new ConversationView(r.Id, r.IsGroup, r.Name,
                members.Select(p => Participant(p, now)).ToList(),
                r.Status, r.IsArchived, r.IsMuted, r.PinnedAt is not null, (int)r.UnreadCount,
                last.TryGetValue(r.Id, out var m) ? new MessagePreview(m.Id, m.SenderId, m.MessageType, m.MessageType == "text" ? m.Content : null, m.CreatedAt) : null,
                members.Where(p => p.Id != viewer && p.Status == "accepted" && p.ReadThroughId is not null)
                    .Select(p => new ReadMarkView(p.Id, p.ReadThroughId!.Value, p.ReadAt!.Value)).ToList(),
                r.CreatedAt, r.LastActivityAt, r.VanishModeSince);
        }).ToList();
    }

    internal static async Task<ConversationView?> OneAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, DateTimeOffset stillSince,
        DateTimeOffset now, Guid conversationId, CancellationToken ct, string? sql = null)
    {
        var row = await conn.QuerySingleOrDefaultAsync<ConversationRow>(new CommandDefinition(sql ?? ConversationsSql.One,
            new { conversationId, viewer }, tx, cancellationToken: ct));
        return row is null ? null : (await BuildAsync(conn, tx, viewer, stillSince, now, [row], ct))[0];
    }

    /// <summary>
    /// To whom a member's activity status is shown, a member in quiet mode shows that instead of when they were last active
    /// ("Active now" would tell the viewer to expect an answer); to anyone else, neither.
    /// </summary>
    private static ParticipantView Participant(ParticipantRow p, DateTimeOffset now)
    {
        var quiet = p.StatusShown && p.ToQuietMode().Current(now) is not null;
        return new ParticipantView(p.Id, p.Username, p.FullName, p.Avatar, p.IsVerified, p.IsAdmin, quiet ? null : p.LastActiveAt, quiet ? true : null);
    }

    private sealed class ParticipantRow : QuietModeRow
    {
        public Guid ConversationId { get; init; }
        public Guid Id { get; init; }
        public string Username { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
        public bool IsAdmin { get; init; }
        public string Status { get; init; } = "";
        public Guid? ReadThroughId { get; init; }
        public DateTimeOffset? ReadAt { get; init; }
        public bool StatusShown { get; init; }
        public DateTimeOffset? LastActiveAt { get; init; }
    }

    private sealed class LastMessageRow
    {
        public Guid ConversationId { get; init; }
        public Guid Id { get; init; }
        public Guid? SenderId { get; init; }
        public string MessageType { get; init; } = "";
        public string? Content { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}

internal sealed class ConversationRow
{
    public Guid Id { get; init; }
    public bool IsGroup { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastActivityAt { get; init; }
    public string Status { get; init; } = "";
    public bool IsArchived { get; init; }
    public bool IsMuted { get; init; }
    public DateTimeOffset? PinnedAt { get; init; }
    public DateTimeOffset? VanishModeSince { get; init; }
    public long UnreadCount { get; init; }
}
