using Fowergram.Features.Messages;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Content;
using Npgsql;
using NpgsqlTypes;

namespace Fowergram.Features.Export;

/// <summary>
/// The export's <c>conversations</c> (docs/export.md): the threads the account is in, each with its messages from its joining
/// on, written as they are read — the threads, and then each thread's messages, in keyset pages of Export:PageSize — so the
/// host holds one page of a thread however long the thread is. The text is the one a json_agg per thread made when the
/// whole thread was one value (ConversationExportTests): PostgreSQL builds each item, and the brackets and the ", " between
/// messages are json_agg's.
/// </summary>
internal sealed class ConversationExport(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, DateTimeOffset now,
    DateTimeOffset stillSince, int pageSize)
{
    public const string Section = "conversations";

    // Each head is the thread's object with "messages" : [] last; its messages are written between those brackets.
    private const string EmptyTail = "[]}";

    private static readonly (DateTime At, Guid Id) BeforeAll = (DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), Guid.Empty); // -infinity

    private static readonly string Heads = $"""
        SELECT c.created_at, c.id, me.joined_at,
               json_build_object('id', c.id, 'isGroup', c.is_group, 'name', c.group_name, 'joinedAt', {ExportSql.Iso("me.joined_at")},
                   'isPinned', me.pinned_at IS NOT NULL, 'pinnedAt', {ExportSql.Iso("me.pinned_at")}, 'vanishModeSince', {ExportSql.Iso("c.vanish_mode_since")},
                   'participants', (SELECT coalesce(json_agg(u.username ORDER BY u.username), '[]')
                                      FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
                                     WHERE cp.conversation_id = c.id AND cp.left_at IS NULL AND cp.user_id <> @viewer AND {ExportSql.LiveUser}),
                   'messages', '[]'::json)::text
          FROM conversation_participants me JOIN conversations c ON c.id = me.conversation_id
         WHERE me.user_id = @viewer AND me.left_at IS NULL AND (c.created_at, c.id) > (@afterAt, @afterId)
         ORDER BY c.created_at, c.id
         LIMIT @pageSize
        """;

    /// <summary>
    /// One message of messages m sent by users u, as the export writes it for @viewer at @now. What it shares is named only while
    /// the reader may see it, as the thread shows its card (MessageViews): sharing never widens an audience, and an id alone
    /// tells which post exists and, a UUID v7, when it was made. Seeing includes not deleted (checklist 15, as ExportSql.LiveId
    /// for the stories section). A quote (replyToId) is named as the thread shows it (MessagesSql.Replied): only a message the
    /// reader can read, from their joining on and not vanished. The CASEs keep the probes to rows that share or quote something:
    /// most messages do neither. Needs @joinedAt (the reader's) and @stillSince.
    /// </summary>
    internal static readonly string MessageItem = $"""
        json_build_object('id', m.id, 'from', CASE WHEN {ExportSql.LiveUser} THEN u.username END, 'type', m.message_type,
            'text', m.content,
            'sharedPostId', CASE WHEN m.shared_post_id IS NOT NULL THEN
                (SELECT p.id FROM posts p WHERE p.id = m.shared_post_id AND {PostAccess.VisibleTo}) END,
            'sharedStoryId', CASE WHEN m.shared_story_id IS NOT NULL THEN
                (SELECT s.id FROM stories s WHERE s.id = m.shared_story_id AND {MessagesSql.StoryVisible}) END,
            'sharedReelId', CASE WHEN m.shared_reel_id IS NOT NULL THEN
                (SELECT r.id FROM reels r WHERE r.id = m.shared_reel_id AND {ReelAccess.VisibleTo}) END,
            'sharedVideoId', CASE WHEN m.shared_video_id IS NOT NULL THEN
                (SELECT v.id FROM igtv_videos v WHERE v.id = m.shared_video_id AND {VideoAccess.VisibleTo}) END,
            'replyToId', CASE WHEN m.reply_to_message_id IS NOT NULL THEN
                (SELECT q.id FROM messages q WHERE q.id = m.reply_to_message_id AND q.created_at >= @joinedAt AND {VanishingRule.Stays("q")}) END,
            'isEdited', m.is_edited, 'vanishes', m.vanishes, 'automatic', m.is_automatic,
            'sentAt', {ExportSql.Iso("m.created_at")})
        """;

    // (created_at, id) walks messages_conversation forwards, a page per query.
    private static readonly string Messages = $"""
        SELECT m.created_at, m.id, {MessageItem}::text
          FROM messages m JOIN users u ON u.id = m.sender_id
         WHERE m.conversation_id = @conversationId AND m.created_at >= @joinedAt AND (m.created_at, m.id) > (@afterAt, @afterId)
           AND {VanishingRule.Stays("m")}
         ORDER BY m.created_at, m.id
         LIMIT @pageSize
        """;

    private sealed record Head(DateTime CreatedAt, Guid Id, DateTime JoinedAt, string Json);

    /// <summary>The section's items, comma-separated, as the array's contents (the caller writes the brackets).</summary>
    public async Task WriteItemsAsync(TextWriter text, CancellationToken ct)
    {
        var after = BeforeAll;
        var first = true;
        while (true)
        {
            var page = await HeadsAsync(after, ct);
            foreach (var head in page)
            {
                if (!head.Json.EndsWith(EmptyTail, StringComparison.Ordinal))
                    throw new InvalidOperationException($"Conversation {head.Id}'s head does not end with its empty messages.");
                if (!first) await text.WriteAsync(',');
                first = false;
                await text.WriteAsync(head.Json.AsMemory(0, head.Json.Length - EmptyTail.Length + 1), ct); // up to and with the '['
                await WriteMessagesAsync(text, head, ct);
                await text.WriteAsync("]}");
            }
            if (page.Count < pageSize) return;
            after = (page[^1].CreatedAt, page[^1].Id);
        }
    }

    /// <summary>A page of threads, held while their messages are read (one reader at a time on the connection).</summary>
    private async Task<List<Head>> HeadsAsync((DateTime At, Guid Id) after, CancellationToken ct)
    {
        var page = new List<Head>();
        await using var command = Command(Heads, after);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            page.Add(new Head(reader.GetFieldValue<DateTime>(0), reader.GetGuid(1), reader.GetFieldValue<DateTime>(2), reader.GetString(3)));
        return page;
    }

    private async Task WriteMessagesAsync(TextWriter text, Head head, CancellationToken ct)
    {
        var after = BeforeAll;
        var first = true;
        while (true)
        {
            var rows = 0;
            await using (var command = Command(Messages, after))
            {
                command.Parameters.AddWithValue("conversationId", head.Id);
                command.Parameters.AddWithValue("joinedAt", NpgsqlDbType.TimestampTz, head.JoinedAt);
                command.Parameters.AddWithValue("stillSince", stillSince);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    if (!first) await text.WriteAsync(", ");
                    first = false;
                    after = (reader.GetFieldValue<DateTime>(0), reader.GetGuid(1));
                    await text.WriteAsync(reader.GetString(2));
                    rows++;
                }
            }
            if (rows < pageSize) return;
        }
    }

    private NpgsqlCommand Command(string sql, (DateTime At, Guid Id) after)
    {
        var command = new NpgsqlCommand(sql, conn, tx);
        command.Parameters.AddWithValue("viewer", viewer);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("afterAt", NpgsqlDbType.TimestampTz, after.At);
        command.Parameters.AddWithValue("afterId", after.Id);
        command.Parameters.AddWithValue("pageSize", pageSize);
        return command;
    }
}
