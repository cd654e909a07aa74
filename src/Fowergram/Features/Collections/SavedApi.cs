using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Collections;

/// <summary>Saving posts (Instagram's "All posts"): PUT/DELETE /posts/{id}/save and GET /users/me/saved. Private to the saver.</summary>
public sealed class SavedApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, TimeProvider time)
{
    public Task<IResult> Save(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, CollectionsSql.Save, PostEvents.Saved, ct);

    public Task<IResult> Unsave(HttpRequest request, string id, CancellationToken ct) =>
        ChangeAsync(request, id, CollectionsSql.Unsave, PostEvents.Unsaved, ct, CollectionsSql.LockSaving, CollectionsSql.LockCollectionsHolding);

    /// <summary>The caller's saved posts, newest save first; posts the caller can no longer see are left out.</summary>
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await cards.PageAsync(conn, caller.UserId, CollectionsSql.Saved, page, new { viewer = caller.UserId }, ct));
    }

    /// <summary>Runs <paramref name="locks"/> in order, each its own statement (so the change's snapshot sees what they waited for), then the change.</summary>
    private async Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct, params string[] locks)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        foreach (var lockSql in locks)
            await conn.ExecuteAsync(new CommandDefinition(lockSql, new { viewer = caller.UserId, postId }, tx, cancellationToken: ct));
        var result = await conn.QuerySingleAsync<ChangeRow>(new CommandDefinition(sql,
            new { postId, viewer = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (!result.Live) return Problems.AccountGone();
        if (result.AuthorId is not { } authorId) return Problems.NotFound("post");
        if (result.Changed)
            await Outbox.EnqueueAsync(conn, tx, time, eventType, caller.UserId, PostUserEvent.Of(postId, authorId, caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
