using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>Posts to discover: the window's most engaging posts of accounts the caller does not follow yet (docs/feed.md "Explore").</summary>
public sealed class ExploreApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, TimeProvider time)
{
    /// <summary>Posts of this age or younger can be explored.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>
    /// At most this many of the window's newest candidate posts are ranked, so a request costs the same however many
    /// posts were made in the window (as trending reels cap theirs, docs/reels.md).
    /// </summary>
    public const int Scan = 2000;

    /// <summary>No account fills a page: at most this many of its posts are shown at once.</summary>
    public const int PerAuthor = 3;

    /// <summary>GET /explore?limit=: best first (limit 1–50, default 20; no cursor: asking again gives the current ranking).</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(ExploreSql.Posts,
            new { viewer = caller.UserId, since = now - Window, now, scan = Scan, perAuthor = PerAuthor, limit }, cancellationToken: ct))).ToList();
        return Api.Ok(new ExplorePosts(await cards.LoadAsync(conn, caller.UserId, ids, ct)));
    }
}

/// <summary>GET /api/v1/explore: the posts to discover, best first.</summary>
public sealed record ExplorePosts(IReadOnlyList<PostCard> Items);
