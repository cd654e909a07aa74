using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>A user's grid, tagged and reposts tabs, the caller's archive and a post's likers, all keyset pages.</summary>
public sealed class PostListsApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards)
{
    /// <summary>
    /// GET /users/{username}/posts: the grid, when the caller may see the account's content ("me" is the caller). The first
    /// page starts with the pinned posts (at most three, beyond its limit); they do not come again further down.
    /// </summary>
    public Task<IResult> UserPosts(HttpRequest request, string username, CancellationToken ct) =>
        ProfileListAsync(request, username, PostListSql.Grid, ct, pinnedFirst: true);

    /// <summary>
    /// GET /users/{username}/tagged: the posts the account is tagged in (a profile's "tagged" tab), when the caller may
    /// see the account's content, each also visible to the caller in its own right (its author's privacy and blocks).
    /// </summary>
    public Task<IResult> Tagged(HttpRequest request, string username, CancellationToken ct) =>
        ProfileListAsync(request, username, PostListSql.Tagged, ct);

    /// <summary>
    /// GET /users/{username}/reposts: the account's Reposts tab, newest repost first (docs/posts.md "Reposts"), when the caller
    /// may see the account's content; each post also only if the caller may see it and its author still allows reposts.
    /// </summary>
    public Task<IResult> Reposts(HttpRequest request, string username, CancellationToken ct) =>
        ProfileListAsync(request, username, RepostsSql.Tab, ct);

    /// <summary>A keyset page of <paramref name="listSql"/> (binding @ownerId and @viewer) for an account whose content the caller may see.</summary>
    private async Task<IResult> ProfileListAsync(HttpRequest request, string username, string listSql, CancellationToken ct, bool pinnedFirst = false)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ProfileListOwner.FindAsync(conn, username, viewer, ct) is not { } ownerId) return await ProfileListOwner.NotFoundAsync(conn, username, viewer, ct);
        var list = await cards.PageAsync(conn, viewer, listSql, page, new { ownerId, viewer }, ct);
        if (!pinnedFirst || page.After is not null) return Api.Ok(list);
        var pinned = (await conn.QueryAsync<Guid>(new CommandDefinition(PostListSql.Pinned, new { ownerId }, cancellationToken: ct))).ToList();
        return Api.Ok(pinned.Count == 0 ? list : list with { Items = [.. await cards.LoadAsync(conn, viewer, pinned, ct), .. list.Items] });
    }

    /// <summary>GET /users/me/posts/archived: the caller's archived posts, visible to nobody else.</summary>
    public async Task<IResult> Archived(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await cards.PageAsync(conn, caller.UserId, PostListSql.Archived, page, new { viewer = caller.UserId }, ct));
    }

    /// <summary>GET /posts/{id}/likers: who liked a post the caller may see (likers blocked either way are left out).</summary>
    public async Task<IResult> Likers(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await PostAccess.FindForReaderAsync(conn, viewer, postId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "post", ct);
        return Api.Ok(await WhoLiked.PageAsync(conn, PostListSql.Likers, page, new { postId, viewer }, ct));
    }
}
