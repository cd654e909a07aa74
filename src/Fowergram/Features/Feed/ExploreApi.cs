using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>
/// Posts to discover: the window's most engaging posts of accounts the caller does not follow yet, from the ranking
/// <see cref="ExploreRefreshJob"/> keeps (docs/feed.md "Explore").
/// </summary>
public sealed class ExploreApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, TimeProvider time)
{
    /// <summary>GET /explore?limit=: best first (limit 1–50, default 20; no cursor: asking again gives the current ranking).</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(ExploreSql.Page,
            new { viewer = caller.UserId, since = Timestamps.Now(time) - ExploreRefreshJob.Window, limit }, cancellationToken: ct))).ToList();
        return Api.Ok(new ExplorePosts(await cards.LoadAsync(conn, caller.UserId, ids, ct)));
    }
}

/// <summary>GET /api/v1/explore: the posts to discover, best first.</summary>
public sealed record ExplorePosts(IReadOnlyList<PostCard> Items);
