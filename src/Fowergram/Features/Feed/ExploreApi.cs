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
    /// <summary>
    /// GET /explore?limit=&amp;cursor=: best first (limit 1–50, default 20). The cursor continues below the last card in
    /// whatever ranking is current: after a refresh a post may move above it (not shown on this scroll) or below it
    /// (shown again), as in any ranked scroll; each page still passes every filter at the time it is read.
    /// </summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        if (!RankCursor.TryRead(request, out var after, out var badCursor)) return badCursor!;
        await using var conn = await db.OpenConnectionAsync(ct);
        // Made from what the account keeps (its follows, mutes, "not interested"): a gone account's token reads none of it.
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var (ids, next) = await RankedPage.ReadAsync(conn, ExploreSql.Page,
            new { viewer = caller.UserId, since = Timestamps.Now(time) - ExploreRefreshJob.Window }, after, limit, ct);
        return Api.Ok(new Page<PostCard>(await cards.LoadAsync(conn, caller.UserId, ids, ct), next));
    }
}
