using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Pinned chats (docs/messages.md "Pinned chats", migration 0137): PUT and DELETE /conversations/{id}/pin put one of the
/// caller's inbox threads on top of their inbox, or take it down; the caller's copy only, at most <see cref="MaxPinned"/>.
/// Both idempotent. A request or an archived thread cannot be pinned (409); leaving and archiving unpin (ConversationsSql).
/// </summary>
public sealed class ConversationPinsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>Instagram's number of pinned chats.</summary>
    public const int MaxPinned = 3;

    // Pins of one account take turns, so that the count below is read after any other pin of theirs committed. An advisory
    // lock taken before anything else, and by pins only: a pin then waits for its participant row (a send, a leave or an
    // archive holding it) without holding anything they wait for, so it cannot close a cycle with them.
    private const string LockAccount = "SELECT pg_advisory_xact_lock(hashtext('conversation_pins'), hashtext(@viewer::text))";

    /// <summary>The caller's current place in the thread, locked until the pin is in (a leave or an archive then waits).</summary>
    private const string Place = """
        SELECT status, is_archived, pinned_at IS NOT NULL AS pinned FROM conversation_participants
         WHERE conversation_id = @conversationId AND user_id = @viewer AND left_at IS NULL
           FOR NO KEY UPDATE
        """;

    private const string PinnedCount = "SELECT count(*) FROM conversation_participants WHERE user_id = @viewer AND pinned_at IS NOT NULL";

    private const string SetPin = "UPDATE conversation_participants SET pinned_at = @now WHERE conversation_id = @conversationId AND user_id = @viewer";

    /// <summary>
    /// Clears the caller's pin and says whether they are live and in the thread, in one statement: tokens outlive accounts, and
    /// a gone caller (<c>caller_live</c> false) unpins nothing. <c>participant</c> is read from before the clear, which does
    /// not change it.
    /// </summary>
    private const string ClearPin = """
        WITH caller AS (
            SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = @viewer AND u.deleted_at IS NULL AND u.is_active) AS live
        ), cleared AS (
            UPDATE conversation_participants SET pinned_at = NULL
             WHERE conversation_id = @conversationId AND user_id = @viewer AND left_at IS NULL AND pinned_at IS NOT NULL
               AND (SELECT live FROM caller)
        )
        SELECT (SELECT live FROM caller) AS caller_live,
               EXISTS (SELECT 1 FROM conversation_participants WHERE conversation_id = @conversationId AND user_id = @viewer AND left_at IS NULL) AS participant
        """;

    /// <summary>204 also when it was pinned already (the first pin's time stays, and with it the order).</summary>
    public async Task<IResult> Pin(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var conversationId)) return Problems.NotFound("conversation");
        var args = new { conversationId, viewer = caller.UserId, now = Timestamps.Now(time) };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(LockAccount, args, tx, cancellationToken: ct));
        var place = await conn.QuerySingleOrDefaultAsync<(string Status, bool IsArchived, bool Pinned)?>(new CommandDefinition(Place, args, tx, cancellationToken: ct));
        if (place is not { } me) return Problems.NotFound("conversation"); // not in it (or no longer), as GET /conversations/{id}
        if (me.Pinned) return Api.NoContent();
        if (me.Status != "accepted") return Problems.Conflict("A message request can't be pinned; accept it first.");
        if (me.IsArchived) return Problems.Conflict("An archived conversation can't be pinned; unarchive it first.");
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(PinnedCount, args, tx, cancellationToken: ct)) >= MaxPinned)
            return Problems.Conflict($"At most {MaxPinned} conversations can be pinned; unpin one first.");
        await conn.ExecuteAsync(new CommandDefinition(SetPin, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>204 whether or not it was pinned; a thread the caller is not in is a 404.</summary>
    public async Task<IResult> Unpin(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var conversationId)) return Problems.NotFound("conversation");
        var args = new { conversationId, viewer = caller.UserId };
        await using var conn = await db.OpenConnectionAsync(ct);
        var (callerLive, participant) = await conn.QuerySingleAsync<(bool, bool)>(new CommandDefinition(ClearPin, args, cancellationToken: ct));
        return !callerLive ? Problems.AccountGone() : participant ? Api.NoContent() : Problems.NotFound("conversation");
    }
}
