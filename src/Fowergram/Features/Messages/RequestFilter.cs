using Dapper;
using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Hides message requests (docs/messages.md "Hidden requests", migration 0113): after a message is sent, each member for
/// whom the thread is still a shown request has it hidden when the sender is limited by them now (account_limits) or the
/// text has one of their hidden words (<see cref="HiddenWords"/>). Once hidden, a request stays hidden until its recipient
/// accepts it or answers in it.
/// </summary>
internal static class RequestFilter
{
    private static readonly string Recipients = $"""
        SELECT cp.user_id, {InteractionLimits.Limited("cp.user_id", "@sender")} AS limited,
               ARRAY(SELECT w.word FROM hidden_words w WHERE w.user_id = cp.user_id) AS words,
               normalize(@text::text, NFC) AS composed
          FROM conversation_participants cp
         WHERE cp.conversation_id = @conversationId AND cp.user_id <> @sender AND cp.left_at IS NULL
           AND cp.status = 'request' AND cp.request_hidden_at IS NULL
        """;

    private const string Hide = """
        UPDATE conversation_participants SET request_hidden_at = @now
         WHERE conversation_id = @conversationId AND user_id = ANY(@userIds) AND status = 'request' AND request_hidden_at IS NULL
        """;

    public static async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid conversationId, Guid sender, string? text,
        DateTimeOffset now, CancellationToken ct)
    {
        // The text is matched composed (NFC), as hidden words are stored (HiddenWordsApi).
        var recipients = await conn.QueryAsync<(Guid UserId, bool Limited, string[] Words, string? Composed)>(new CommandDefinition(Recipients,
            new { conversationId, sender, now, recentSince = now - InteractionLimits.RecentFollow, text }, tx, cancellationToken: ct));
        var hidden = recipients.Where(r => r.Limited || (r.Composed is { } composed && HiddenWords.AnyIn(composed, r.Words))).Select(r => r.UserId).ToArray();
        if (hidden.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition(Hide, new { conversationId, userIds = hidden, now }, tx, cancellationToken: ct));
    }
}
