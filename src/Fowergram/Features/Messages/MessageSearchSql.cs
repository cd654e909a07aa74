using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Messages;

/// <summary>Searching all of the caller's chats (docs/messages.md "Search in all chats").</summary>
internal static class MessageSearchSql
{
    /// <summary>
    /// The newest page of messages whose text holds @contains (an escaped ILIKE pattern) among those the caller can read: in a
    /// thread they are in now, from their joining on, not vanished. The threads are the listed ones of every folder
    /// (ConversationsSql "Listed": a request from someone blocked either way since is left out; a thread with a message is
    /// always listed otherwise) bar hidden requests, whose words the caller's hidden words or limits kept from them.
    /// The conversations row is read for requests only (the OR stops at an accepted copy), through a scalar subquery: a NOT
    /// EXISTS there was planned as one hashed pass over every conversation (measured), whatever the caller's threads.
    /// One query, two plans (docs/messages.md, measured): for a term that few messages hold, the trigram index
    /// messages_content_trgm finds them everywhere and each is checked against the caller's participant row (primary key);
    /// for a common term, or one of two characters that trigrams cannot narrow, the planner walks the caller's threads
    /// (conversation_participants_user, then messages_conversation per thread) and keeps the newest. The page is cut
    /// before the sender and upload are joined, so the walk joins only the rows it answers with.
    /// </summary>
    public static readonly string Everywhere = $"""
        {MessagesSql.SelectForReader}
          JOIN (SELECT m.id
                  FROM messages m
                  JOIN conversation_participants me
                    ON me.conversation_id = m.conversation_id AND me.user_id = @viewer AND me.left_at IS NULL AND m.created_at >= me.joined_at
                 WHERE m.content ILIKE normalize(@contains, NFC) ESCAPE '\'
                   AND me.request_hidden_at IS NULL
                   AND (me.status = 'accepted'
                        OR NOT coalesce((SELECT {VisibilityPolicy.BlockedBetween("@viewer", ConversationsSql.RequestFrom)}
                                           FROM conversations c WHERE c.id = me.conversation_id), false))
                   AND {KeysetSql.Older("m.created_at", "m.id")}
                   AND {VanishingRule.Stays("m")}
                 ORDER BY m.created_at DESC, m.id DESC LIMIT @take) hit ON hit.id = m.id
          JOIN conversation_participants me ON me.conversation_id = m.conversation_id AND me.user_id = @viewer
         ORDER BY m.created_at DESC, m.id DESC
        """;

    /// <summary>
    /// What a result row shows of its thread: the group's name, and the first three other current members on live accounts
    /// (joined first, first) with how many there are in all, as <see cref="ConversationsSql.Participants"/> counts them.
    /// </summary>
    public const string Threads = """
        SELECT c.id, c.is_group, c.group_name AS name, o.id AS user_id, o.username, o.full_name, o.avatar, o.is_verified,
               coalesce(o.total, 0)::int AS other_count
          FROM conversations c
          LEFT JOIN LATERAL (
                SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified, cp.joined_at, count(*) OVER () AS total
                  FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
                 WHERE cp.conversation_id = c.id AND cp.user_id <> @viewer AND cp.left_at IS NULL AND u.deleted_at IS NULL AND u.is_active
                 ORDER BY cp.joined_at, u.id LIMIT 3) o ON true
         WHERE c.id = ANY(@ids)
         ORDER BY c.id, o.joined_at, o.id
        """;
}
