using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// Pinned comments (docs/posts.md "Comments", migration 0100): the post's author pins up to <see cref="Max"/> of its
/// top-level comments (PUT, idempotent) or unpins one (DELETE); the pinned lead the first page of the comment list.
/// Anyone else, another post's comment, a deleted one: 404. Pins of one post take turns on the post's row lock, so two
/// pins at once cannot both pass the limit.
/// </summary>
public sealed class CommentPins(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int Max = 3;

    private const string LockOwnPost = "SELECT id FROM posts WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE";

    public async Task<IResult> Pin(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { postId, commentId = targetId, callerId = caller.UserId, now = Timestamps.Now(time) };
        if (await FindAsync(conn, tx, args, ct) is not { } comment) return Problems.NotFound("comment");
        if (comment.ParentId is not null) return Problems.Conflict("Only a top-level comment can be pinned; this one is a reply.");
        if (!comment.IsPinned)
        {
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(CommentsSql.PinnedCount, args, tx, cancellationToken: ct)) >= Max)
                return Problems.Conflict($"A post can pin at most {Max} comments; unpin one first.");
            await conn.ExecuteAsync(new CommandDefinition(CommentsSql.Pin, args, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Unpins (204 whether or not it was pinned).</summary>
    public async Task<IResult> Unpin(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { postId, commentId = targetId, callerId = caller.UserId };
        if (await FindAsync(conn, tx, args, ct) is null) return Problems.NotFound("comment");
        await conn.ExecuteAsync(new CommandDefinition(CommentsSql.Unpin, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>The live comment of the caller's own live post, with the post locked; null for anything else.</summary>
    private static async Task<PinTarget?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction tx, object args, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(LockOwnPost, args, tx, cancellationToken: ct)) is null) return null;
        return await conn.QuerySingleOrDefaultAsync<PinTarget>(new CommandDefinition(CommentsSql.PinTarget, args, tx, cancellationToken: ct));
    }

    private sealed class PinTarget
    {
        public Guid? ParentId { get; init; }
        public bool IsPinned { get; init; }
    }
}
