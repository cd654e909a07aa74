using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// The reels tab's recommendations: the window's most engaging reels of accounts the caller does not follow, that they
/// have not played yet, from the ranking <see cref="ReelRecommendationsJob"/> keeps (docs/reels.md "Recommended").
/// </summary>
public sealed class ReelRecommendationsApi(NpgsqlDataSource db, AccessTokens tokens, ReelReader reader, TimeProvider time)
{
    /// <summary>
    /// GET /reels/recommended?limit=&amp;cursor=: best first (limit 1–50, default 20). The cursor continues below the last reel
    /// in whatever ranking is current, as explore's does; a reel played since the previous page is not shown again.
    /// </summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        if (!RankCursor.TryRead(request, out var after, out var badCursor)) return badCursor!;
        await using var conn = await db.OpenConnectionAsync(ct);
        // Made from what the account keeps (its follows, mutes, plays, dismissals): a gone account's token reads none of it.
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var (ids, next) = await RankedPage.ReadAsync(conn, ReelRecommendationsSql.Page,
            new { viewer = caller.UserId, since = Timestamps.Now(time) - ReelRecommendationsJob.Window }, after, limit, ct);
        return Api.Ok(new Page<ReelView>(await reader.LoadAsync(conn, caller.UserId, ids, ct), next));
    }
}
