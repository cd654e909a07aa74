using Dapper;
using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Replies in broadcast channels (docs/messages.md "Broadcast channels"): a host's message may quote an earlier message of
/// the same channel; readers see a compact quote of it, or that it is no longer there.
/// </summary>
internal static class ChannelReplies
{
    /// <summary>Characters of the quoted text shown: enough to recognise the message, not a second copy of it.</summary>
    public const int QuoteLength = 100;

    private const string Snippet = "coalesce(m.content, m.poll_question)";

    /// <summary>
    /// The quoted messages of a page that the reader may see (binds @ids, @channelId, @viewer); a message a moderator took down
    /// is quoted by nothing (its words are kept aside for the appeal), so its replies show it as unavailable.
    /// </summary>
    private static readonly string Quoted = $"""
        SELECT m.id, m.sender_id, u.username AS sender_username, u.full_name AS sender_full_name, u.avatar AS sender_avatar,
               u.is_verified AS sender_is_verified,
               CASE WHEN m.poll_question IS NOT NULL THEN 'poll' ELSE coalesce(m.media_type, 'text') END AS type,
               CASE WHEN char_length({Snippet}) > {QuoteLength} THEN left({Snippet}, {QuoteLength - 1}) || '…' ELSE {Snippet} END AS text
          FROM broadcast_channel_messages m JOIN users u ON u.id = m.sender_id AND u.deleted_at IS NULL AND u.is_active
         WHERE m.id = ANY(@ids) AND m.removed_at IS NULL AND {ChannelMessagesSql.Seen}
        """;

    /// <summary>The quotes of <paramref name="rows"/> (all of one channel) the reader may see, by the quoted message's id.</summary>
    public static async Task<Dictionary<Guid, ChannelReplyPreview>> QuotesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer,
        IReadOnlyList<ChannelMessageRow> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.ReplyToId is not null).Select(r => r.ReplyToId!.Value).Distinct().ToArray();
        if (ids.Length == 0) return [];
        var quoted = await conn.QueryAsync<QuotedRow>(new CommandDefinition(Quoted, new { ids, channelId = rows[0].ChannelId, viewer }, tx, cancellationToken: ct));
        return quoted.ToDictionary(q => q.Id, q => new ChannelReplyPreview(q.Id,
            new UserSummary(q.SenderId, q.SenderUsername, q.SenderFullName, q.SenderAvatar, q.SenderIsVerified), q.Type, q.Text, null));
    }

    /// <summary>What the reader sees of what <paramref name="row"/> answers: null for no reply, unavailable once gone or hidden.</summary>
    public static ChannelReplyPreview? Of(ChannelMessageRow row, IReadOnlyDictionary<Guid, ChannelReplyPreview> quotes) =>
        !row.IsReply ? null
        : row.ReplyToId is { } quoted && quotes.TryGetValue(quoted, out var preview) ? preview
        : ChannelReplyPreview.Gone;

    private sealed class QuotedRow
    {
        public Guid Id { get; init; }
        public Guid SenderId { get; init; }
        public string SenderUsername { get; init; } = "";
        public string SenderFullName { get; init; } = "";
        public string? SenderAvatar { get; init; }
        public bool SenderIsVerified { get; init; }
        public string Type { get; init; } = "";
        public string? Text { get; init; }
    }
}
