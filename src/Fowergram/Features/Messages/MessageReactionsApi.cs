using System.Globalization;
using System.Text;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Reactions to messages (docs/messages.md "Reactions", migration 0099): PUT /messages/{id}/reaction {emoji} sets the
/// caller's one reaction (a new emoji replaces the old; the same one again changes nothing), DELETE takes it back. Only a
/// current participant who can see the message reacts; anyone else, and a message already unsent, is a 404.
/// </summary>
public sealed class MessageReactionsApi(NpgsqlDataSource db, AccessTokens tokens, MessagesApi messages, VanishingRule vanishing, TimeProvider time)
{
    /// <summary>At most this many UTF-16 units and code points (the table's CHECK): the longest emoji sequences (a family with skin tones) fit.</summary>
    private const int MaxLength = 32;
    private const int MaxCodePoints = 16;

    /// <summary>
    /// The message, key-share locked, if the caller is a current participant who can see it: an unsend waiting on the lock
    /// commits first (and this finds nothing: 404) or after the reaction is in (which then goes with the message). A vanished
    /// message is a 404 too.
    /// </summary>
    private static readonly string LockVisible = $"""
        SELECT m.message_type, m.conversation_id, c.is_group, me.status FROM messages m
          JOIN conversations c ON c.id = m.conversation_id
          JOIN conversation_participants me
            ON me.conversation_id = m.conversation_id AND me.user_id = @viewer AND me.left_at IS NULL AND m.created_at >= me.joined_at
         WHERE m.id = @messageId AND {VanishingRule.Stays("m")}
           FOR KEY SHARE OF m
        """;

    private const string Upsert = """
        INSERT INTO message_reactions (message_id, user_id, emoji, created_at) VALUES (@messageId, @viewer, @emoji, @now)
        ON CONFLICT (message_id, user_id) DO UPDATE SET emoji = EXCLUDED.emoji, created_at = EXCLUDED.created_at
         WHERE message_reactions.emoji <> EXCLUDED.emoji
        """;

    private const string Delete = "DELETE FROM message_reactions WHERE message_id = @messageId AND user_id = @viewer";

    public async Task<IResult> React(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var messageId)) return Problems.NotFound("message");
        var body = await JsonBody.ReadAsync<ReactRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (Emoji(body.Value!.Emoji) is not { } emoji)
            return Problems.Validation("emoji", "Required: one emoji, like ❤️ or 😂.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            var args = new { messageId, viewer = caller.UserId, emoji, now = Timestamps.Now(time), stillSince = vanishing.StillSince() };
            var target = await conn.QuerySingleOrDefaultAsync<(string Type, Guid ConversationId, bool IsGroup, string Status)?>(
                new CommandDefinition(LockVisible, args, tx, cancellationToken: ct));
            if (target is not { } message) return Problems.NotFound("message");
            // A reaction shows its sender that the message was read, which a request never reveals (its read mark is not
            // shown, vanish mode and pins wait for it): it waits for the request to be accepted (or answered), as on Instagram.
            if (message.Status == "request")
                return Problems.Conflict("Accept this message request before reacting to its messages.");
            // A reaction reaches the other side as a message does: past a block (either way) or to a deactivated peer a
            // one-to-one takes neither (reliability checklist 9); groups are not closed by a block, for reactions either.
            if (!message.IsGroup && !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(MessagesSql.DirectPeerReachable,
                    new { conversationId = message.ConversationId, viewer = caller.UserId }, tx, cancellationToken: ct)))
                return Problems.Forbidden("You can't message this account.");
            if (message.Type == MessageViews.Removed) return Problems.Conflict("This message was removed; it takes no reactions.");
            await conn.ExecuteAsync(new CommandDefinition(Upsert, args, tx, cancellationToken: ct));
            if (await messages.ViewAsync(conn, tx, caller.UserId, messageId, ct) is not { } view) return Problems.NotFound("message");
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }

    /// <summary>Takes the caller's reaction back (204 whether or not there was one).</summary>
    public async Task<IResult> Unreact(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var messageId)) return Problems.NotFound("message");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { messageId, viewer = caller.UserId, stillSince = vanishing.StillSince() };
        if (await conn.QuerySingleOrDefaultAsync<(string Type, Guid ConversationId, bool IsGroup, string Status)?>(
                new CommandDefinition(LockVisible, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("message");
        await conn.ExecuteAsync(new CommandDefinition(Delete, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// The emoji, trimmed, when it is exactly one grapheme made only of emoji parts: it starts with a pictograph (or is a
    /// keycap: #, * or a digit with U+20E3), and every other code point is a pictograph, a variation selector, a zero-width
    /// joiner, a skin tone, a regional indicator (flags) or a tag character (subdivision flags). Letters, digits,
    /// punctuation, combining marks and control characters are refused.
    /// </summary>
    internal static string? Emoji(string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !text.IsNormalized()) return null;
        if (new StringInfo(text).LengthInTextElements != 1) return null;
        var runes = text.EnumerateRunes().ToList();
        if (runes.Count > MaxCodePoints) return null;
        var keycap = runes.Count is 2 or 3 && runes[^1].Value == 0x20E3 && (runes[0].Value is '#' or '*' || runes[0].Value is >= '0' and <= '9');
        if (keycap) return runes.Count == 2 || runes[1].Value == 0xFE0F ? text : null;
        return Pictograph(runes[0].Value) && runes.Skip(1).All(r => Pictograph(r.Value) || Joiner(r.Value)) ? text : null;
    }

    private static bool Pictograph(int c) => c is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF or >= 0x2B00 and <= 0x2BFF
        or >= 0x2190 and <= 0x21FF or >= 0x2300 and <= 0x23FF or 0x00A9 or 0x00AE or 0x203C or 0x2049 or 0x2122 or 0x2139
        or 0x3030 or 0x303D or 0x3297 or 0x3299;

    /// <summary>What follows a pictograph inside one emoji: variation selectors, ZWJ, tag characters (skin tones and flags are pictographs).</summary>
    private static bool Joiner(int c) => c is 0xFE0E or 0xFE0F or 0x200D or >= 0xE0020 and <= 0xE007F;
}

/// <summary>PUT /api/v1/messages/{id}/reaction.</summary>
public sealed record ReactRequest(string? Emoji);
