using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>A post in the author's "Recently deleted": restorable until <c>RestorableUntil</c>.</summary>
public sealed record DeletedPost(PostCard Post, DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil);

/// <summary>
/// "Recently deleted" (docs/posts.md): the posts the caller deleted within Posts:RestoreWindow, which they may bring back
/// as they were or delete for good. Nobody else sees the list, and anyone else's post is a 404 on every route.
/// </summary>
public sealed class RecentlyDeletedApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, PostReader reader, TimeProvider time)
{
    // Unpinned: the grid may have three other pins by now (PinsApi's limit).
    private const string Restore = """
        UPDATE posts SET deleted_at = NULL, restorable_until = NULL, pinned_at = NULL, updated_at = @now
        WHERE id = @postId AND user_id = @callerId AND restorable_until > @now
        RETURNING created_at
        """;

    // The objects stay until post-media-cleanup's grace after the deletion has passed, as for any final deletion.
    private const string Forget = """
        UPDATE posts SET restorable_until = NULL, updated_at = @now
        WHERE id = @postId AND user_id = @callerId AND restorable_until > @now
        """;

    /// <summary>GET /users/me/posts/deleted: most recently deleted first, each with the time it can no longer be restored.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var entries = await RecentlyDeleted.PageAsync(conn, "posts", caller.UserId, page, time.GetUtcNow(), ct);
        // The author sees their own deleted posts: the cards are built only for the ids the owner-scoped query returned.
        var shown = (await cards.LoadAsync(conn, caller.UserId, entries.Items.Select(e => e.Id).ToList(), ct)).ToDictionary(c => c.Id);
        return Api.Ok(new Page<DeletedPost>(entries.Items.Where(e => shown.ContainsKey(e.Id))
            .Select(e => new DeletedPost(shown[e.Id], e.DeletedAt, e.RestorableUntil)).ToList(), entries.NextCursor));
    }

    /// <summary>
    /// POST /posts/{id}/restore: back where it was (its place in grids and feeds is its creation time), with its likes,
    /// comments, tags and saves, unpinned. The caller's live post answers the same 200: a retried restore is not an error.
    /// </summary>
    public async Task<IResult> RestorePost(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return NotRestorable();
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var args = new { postId, callerId = caller.UserId, now = Timestamps.Now(time) };
            var createdAt = await conn.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(Restore, args, tx, cancellationToken: ct));
            if (createdAt is null)
                return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(PostsSql.OwnLiveExists, args, tx, cancellationToken: ct))
                    ? await ViewAsync(caller.UserId, postId, ct) : NotRestorable();
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Restored, caller.UserId, PostEvent.Of(postId, caller.UserId, createdAt.Value), ct);
            await tx.CommitAsync(ct);
        }
        return await ViewAsync(caller.UserId, postId, ct);
    }

    /// <summary>DELETE /users/me/posts/deleted/{id}: out of the list and beyond restoring, at once.</summary>
    public async Task<IResult> DeleteForGood(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return NotRestorable();
        await using var conn = await db.OpenConnectionAsync(ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(Forget,
            new { postId, callerId = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct));
        return changed == 1 ? Api.NoContent() : NotRestorable();
    }

    private async Task<IResult> ViewAsync(Guid callerId, Guid postId, CancellationToken ct) =>
        await reader.ReadAsync(callerId, postId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("post");

    private static IResult NotRestorable() => RecentlyDeleted.NotInList("post");
}
