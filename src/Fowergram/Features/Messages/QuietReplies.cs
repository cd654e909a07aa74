using Dapper;
using Fowergram.Platform.Profiles;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>
/// The automatic reply of an account in quiet mode (docs/messages.md "Quiet mode replies"): the first message someone sends
/// it in a one-to-one thread during a quiet period is answered, in the send's transaction, with "&lt;name&gt; is in quiet
/// mode and may not see this right away." from the quiet account, marked automatic. Once per thread and period: an automatic
/// message of the account in the thread since the period began means it was sent. Never to a request (the quiet account's
/// copy must be accepted: Instagram does not answer requests, and an answer would accept nothing yet tell the sender the
/// account exists and is away), never past a block either way or to someone the account restricts, and never in a group.
/// </summary>
internal static class QuietReplies
{
    /// <summary>The peer of a one-to-one who may answer the sender: accepted, live, with quiet mode set up, reachable.</summary>
    private static readonly string Candidate = $"""
        SELECT u.id, coalesce(nullif(u.full_name, ''), u.username) AS name, {QuietMode.Columns("u")}
          FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
         WHERE cp.conversation_id = @conversationId AND cp.user_id <> @sender AND cp.left_at IS NULL AND cp.status = 'accepted'
           AND u.deleted_at IS NULL AND u.is_active AND (u.quiet_mode_since IS NOT NULL OR u.quiet_schedule_days IS NOT NULL)
           AND NOT {VisibilityPolicy.BlockedBetween("@sender", "u.id")}
           AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.restricter_id = u.id AND r.restricted_id = @sender)
        """;

    /// <summary>Whether the account already answered in the thread this period (messages_conversation, from the period's start).</summary>
    private const string Answered = """
        SELECT EXISTS (SELECT 1 FROM messages m
                        WHERE m.conversation_id = @conversationId AND m.created_at >= @since AND m.sender_id = @quiet AND m.is_automatic)
        """;

    /// <summary>
    /// The reply, in vanish mode if the thread is (as any message). The quiet account's read mark stays where it was: an
    /// automatic answer must not show the sender their message as seen.
    /// </summary>
    private const string Insert = """
        INSERT INTO messages (id, conversation_id, sender_id, message_type, content, vanishes, is_automatic, created_at)
        SELECT @id, c.id, @quiet, 'text', @text, c.vanish_mode_since IS NOT NULL, true, @at FROM conversations c WHERE c.id = @conversationId;
        UPDATE conversations SET last_message_at = greatest(coalesce(last_message_at, @at), @at), updated_at = @at WHERE id = @conversationId
        """;

    public static async Task AnswerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid conversationId, bool isGroup, Guid sender,
        DateTimeOffset now, CancellationToken ct)
    {
        if (isGroup) return;
        var peer = await conn.QuerySingleOrDefaultAsync<CandidateRow>(new CommandDefinition(Candidate, new { conversationId, sender }, tx, cancellationToken: ct));
        if (peer?.ToQuietMode().Current(now) is not { } period) return;
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(Answered,
                new { conversationId, since = period.StartedAt, quiet = peer.Id }, tx, cancellationToken: ct)))
            return;
        // A microsecond after the message it answers (PostgreSQL's precision), so it sorts after it in every keyset order.
        var at = now.AddTicks(10);
        await conn.ExecuteAsync(new CommandDefinition(Insert, new
        {
            id = Guid.CreateVersion7(at), conversationId, quiet = peer.Id, text = $"{peer.Name} is in quiet mode and may not see this right away.", at,
        }, tx, cancellationToken: ct));
    }

    private sealed class CandidateRow : QuietModeRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }
}
