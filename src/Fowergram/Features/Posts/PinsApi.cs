using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Pinning posts to the top of one's grid (docs/posts.md "Pinned posts", migration 0122): PUT and DELETE
/// /posts/{id}/pin, the author's own live, unarchived posts only, at most <see cref="MaxPinned"/>. Idempotent both ways.
/// </summary>
public sealed class PinsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int MaxPinned = 3;

    private const string Post = "SELECT is_archived, pinned_at IS NOT NULL AS pinned FROM posts WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL";

    // The pin's own read, row-locked: a delete or archive under way commits first and is seen here (404, or the archived 409);
    // read without the lock, the UPDATE below found the post gone or archived and the answer blamed the limit.
    private const string LockPost = Post + " FOR NO KEY UPDATE";

    // Pins of one account take turns, so that the count below is read after any other pin committed. An advisory lock
    // rather than the account's row: writes that hold a post's row and check a foreign key to users would deadlock with it.
    private const string LockAccount = "SELECT pg_advisory_xact_lock(hashtext('post_pins'), hashtext(@callerId::text))";

    private static readonly string SetPin = $"""
        UPDATE posts SET pinned_at = @now
         WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL AND NOT is_archived AND pinned_at IS NULL
           AND (SELECT count(*) FROM posts o
                 WHERE o.user_id = @callerId AND o.pinned_at IS NOT NULL AND o.deleted_at IS NULL AND NOT o.is_archived) < {MaxPinned}
        """;

    // Tokens outlive accounts: a gone account unpins nothing. The check rides in the one statement an unpin is.
    private static readonly string ClearPin = $"""
        UPDATE posts SET pinned_at = NULL
         WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL AND pinned_at IS NOT NULL AND {LiveCaller.Is("@callerId")}
        """;

    // Nothing cleared: the account gone (401), no such post of the caller's (404), or no pin (204, idempotent).
    private static readonly string Unpinnable = $"""
        SELECT {LiveCaller.Is("@callerId")} AS live,
               EXISTS (SELECT 1 FROM posts WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL) AS found
        """;

    public async Task<IResult> Pin(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { postId, callerId = caller.UserId, now = Timestamps.Now(time) };
        await conn.ExecuteAsync(new CommandDefinition(LockAccount, args, tx, cancellationToken: ct));
        var state = await conn.QuerySingleOrDefaultAsync<(bool IsArchived, bool Pinned)?>(new CommandDefinition(LockPost, args, tx, cancellationToken: ct));
        if (state is not { } post) return Problems.NotFound("post"); // not there, deleted, or not the caller's
        if (post.Pinned) return Api.NoContent();
        if (post.IsArchived) return Problems.Conflict("An archived post cannot be pinned; unarchive it first.");
        if (await conn.ExecuteAsync(new CommandDefinition(SetPin, args, tx, cancellationToken: ct)) == 0)
            return Problems.Conflict($"At most {MaxPinned} posts can be pinned; unpin one first.");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> Unpin(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { postId, callerId = caller.UserId };
        if (await conn.ExecuteAsync(new CommandDefinition(ClearPin, args, cancellationToken: ct)) > 0) return Api.NoContent();
        var (live, found) = await conn.QuerySingleAsync<(bool Live, bool Found)>(new CommandDefinition(Unpinnable, args, cancellationToken: ct));
        return !live ? Problems.AccountGone() : found ? Api.NoContent() : Problems.NotFound("post");
    }
}
