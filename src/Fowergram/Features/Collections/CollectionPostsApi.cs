using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Collections;

/// <summary>PUT/DELETE /collections/{id}/posts/{postId} (idempotent) and the collection's posts, newest addition first.</summary>
public sealed class CollectionPostsApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, TimeProvider time)
{
    public async Task<IResult> Add(HttpRequest request, string id, string postId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var collectionId)) return Problems.NotFound("collection");
        if (!PostAccess.TryParseId(postId, out var post)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(CollectionsSql.LockSaving, new { viewer = caller.UserId, postId = post }, tx, cancellationToken: ct));
        var result = await conn.QuerySingleAsync<AddRow>(new CommandDefinition(CollectionsSql.AddPost,
            new { collectionId, postId = post, viewer = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (!result.Live) return Problems.AccountGone();
        if (!result.CollectionFound) return Problems.NotFound("collection");
        if (result.AuthorId is not { } authorId) return Problems.NotFound("post");
        if (result.Saved)
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Saved, caller.UserId, PostUserEvent.Of(post, authorId, caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>The post stays saved ("All posts"); a cover that was this post falls back to the newest one.</summary>
    public async Task<IResult> Remove(HttpRequest request, string id, string postId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var collectionId)) return Problems.NotFound("collection");
        if (!PostAccess.TryParseId(postId, out var post)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        var result = await conn.QuerySingleAsync<RemoveRow>(new CommandDefinition(CollectionsSql.RemovePost,
            new { collectionId, postId = post, viewer = caller.UserId }, cancellationToken: ct));
        if (!result.Live) return Problems.AccountGone();
        if (!result.CollectionFound) return Problems.NotFound("collection");
        return result.Removed || result.Visible ? Api.NoContent() : Problems.NotFound("post");
    }

    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var collectionId)) return Problems.NotFound("collection");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(CollectionsSql.Owned, new { collectionId, viewer = caller.UserId }, cancellationToken: ct)))
            return Problems.NotFound("collection");
        return Api.Ok(await cards.PageAsync(conn, caller.UserId, CollectionsSql.Posts, page, new { collectionId, viewer = caller.UserId }, ct));
    }

    private sealed class AddRow
    {
        public bool Live { get; init; }
        public bool CollectionFound { get; init; }
        public Guid? AuthorId { get; init; }
        public bool Saved { get; init; }
    }

    private sealed class RemoveRow
    {
        public bool Live { get; init; }
        public bool CollectionFound { get; init; }
        public bool Removed { get; init; }
        public bool Visible { get; init; }
    }
}
