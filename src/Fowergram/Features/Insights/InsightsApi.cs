using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>
/// Insights for creators (docs/insights.md): the account's over the last days, one post's, reel's, video's and story's.
/// Private to the owner: a thing's insights are a 404 for anyone else, as if it did not exist.
/// </summary>
public sealed class InsightsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 90;

    // A token outlives its account by minutes: a deleted, deactivated or suspended owner reads no insights (401, as its
    // export and settings), checked first in each read's own batch rather than by a round trip of its own.
    private static readonly string Live = $"SELECT {LiveCaller.Is("@viewer")};\n";

    private static readonly string AccountSql = Live + InsightsSql.Account + ";\n" + ProfileVisits.Totals + ";\n" + InsightsSql.Reach;

    // The figures are read for any id and shown only with the owner's post row.
    private static readonly string PostSql = Live + InsightsSql.Post + ";\n" + PostImpressions.Figures;

    public async Task<IResult> Account(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!DaysQuery.TryRead(request, DefaultDays, MaxDays, out var days, out var invalid)) return invalid!;
        var now = time.GetUtcNow();
        var since = now.AddDays(-days);
        // Visits and reach are kept per UTC day: the window's days are the last `days` of them, today included.
        var sinceDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-days);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(AccountSql,
            new { viewer = caller.UserId, since, now, sinceDay }, cancellationToken: ct));
        if (!await read.ReadSingleAsync<bool>()) return Problems.AccountGone();
        var totals = await read.ReadSingleAsync<AccountTotalsRow>();
        var top = (await read.ReadAsync<TopContent>()).ToList();
        var profile = await read.ReadSingleAsync<ProfileInsights>();
        var reach = await read.ReadSingleAsync<Reach>();
        return Api.Ok(new AccountInsights(days, since, new FollowerInsights(totals.Followers, totals.NewFollowers, totals.LostFollowers), profile, reach, totals.ToContent(),
            totals.Interactions, top));
    }

    public async Task<IResult> Post(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(PostSql, new { id = postId, viewer = caller.UserId }, cancellationToken: ct));
        if (!await read.ReadSingleAsync<bool>()) return Problems.AccountGone();
        var post = await read.ReadSingleOrDefaultAsync<PostCountsRow>();
        var seen = await read.ReadSingleAsync<PostFiguresRow>();
        if (post is null) return Problems.NotFound("post");
        return Api.Ok(new PostInsights(post.Id, post.CreatedAt, post.IsArchived, post.Likes, post.Comments, post.Saves, post.Shares,
            new Reach(seen.Accounts, seen.FollowerAccounts, seen.Accounts - seen.FollowerAccounts), seen.Impressions));
    }

    public Task<IResult> Reel(HttpRequest request, string id, CancellationToken ct) =>
        OwnAsync<ReelInsightsRow, ReelInsights>(request, id, "reel", InsightsSql.Reel, row => row.ToInsights(), ct);

    public Task<IResult> Video(HttpRequest request, string id, CancellationToken ct) =>
        OwnAsync<VideoInsights, VideoInsights>(request, id, "video", InsightsSql.Video, row => row, ct);

    public Task<IResult> Story(HttpRequest request, string id, CancellationToken ct) =>
        OwnAsync<StoryInsightsRow, StoryInsights>(request, id, "story", InsightsSql.Story, row => row.ToInsights(), ct);

    /// <summary>
    /// One thing of the caller's by <paramref name="sql"/>; anyone else's, a deleted one or a bad id is a 404 naming
    /// <paramref name="kind"/>, and a gone caller's token a 401.
    /// </summary>
    private async Task<IResult> OwnAsync<TRow, TView>(HttpRequest request, string id, string kind, string sql, Func<TRow, TView> view, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var thingId)) return Problems.NotFound(kind);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(Live + sql, new { id = thingId, viewer = caller.UserId }, cancellationToken: ct));
        if (!await read.ReadSingleAsync<bool>()) return Problems.AccountGone();
        var row = await read.ReadSingleOrDefaultAsync<TRow>();
        return row is null ? Problems.NotFound(kind) : Api.Ok(view(row));
    }
}
