using Dapper;
using Fowergram.Features.Messages;
using Fowergram.Features.Reels;
using Fowergram.Features.Shopping;
using Fowergram.Features.Videos;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Search;

/// <summary>
/// GET /search/posts|reels|videos|products?q=: the posts and reels whose captions, the long-form videos whose titles and
/// descriptions, and the products whose names and descriptions hold the words searched for, newest first (keyset;
/// docs/posts.md "Keyword search"), as Instagram's keyword results. Anyone may search; each result is one the caller may see.
/// </summary>
public sealed class KeywordSearchApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, ReelReader reels, VideoReader videos,
    ProductViews products)
{
    public static readonly string[] Sorts = ["recent", "relevant"];

    public Task<IResult> Posts(HttpRequest request, CancellationToken ct) => SearchAsync(request,
        (conn, viewer, page, q) => cards.PageAsync(conn, viewer, KeywordSearchSql.Posts, page, new { q, viewer }, ct),
        KeywordSearchSql.RelevantPosts, (conn, viewer, ids) => cards.LoadAsync(conn, viewer, ids, ct), ct);

    public Task<IResult> Reels(HttpRequest request, CancellationToken ct) => SearchAsync(request,
        (conn, viewer, page, q) => reels.PageAsync(conn, viewer, KeywordSearchSql.Reels, page, new { q, viewer }, ct),
        KeywordSearchSql.RelevantReels, (conn, viewer, ids) => reels.LoadAsync(conn, viewer, ids, ct), ct);

    public Task<IResult> Videos(HttpRequest request, CancellationToken ct) => SearchAsync(request,
        (conn, viewer, page, q) => videos.PageAsync(conn, viewer, KeywordSearchSql.Videos, page, new { q, viewer }, ct),
        KeywordSearchSql.RelevantVideos, (conn, viewer, ids) => videos.LoadAsync(conn, viewer, ids, ct), ct);

    public Task<IResult> Products(HttpRequest request, CancellationToken ct) => SearchAsync(request,
        (conn, viewer, page, q) => products.PageAsync(conn, viewer, KeywordSearchSql.Products, page, new { q, viewer }, ct),
        KeywordSearchSql.RelevantProducts, (conn, viewer, ids) => products.LoadAsync(conn, null, viewer, ids, ct), ct);

    /// <summary>Broadcast channels are for accounts (every channel route needs one), so a guest's search of them is a 401.</summary>
    public Task<IResult> Channels(HttpRequest request, CancellationToken ct) => tokens.CallerOf(request) is null
        ? Task.FromResult(Problems.Unauthorized())
        : SearchAsync(request,
            (conn, viewer, page, q) => ChannelsApi.ReadPageAsync(conn, ChannelsSql.Search, page, new { q, viewer }, ct),
            KeywordSearchSql.RelevantChannels, (conn, viewer, ids) => ChannelsApi.LoadAsync(conn, viewer!.Value, ids, ct), ct);

    /// <summary>
    /// sort=recent (the default): newest first, keyset. sort=relevant: the newest <see cref="KeywordSearchSql.Candidates"/>
    /// matches ranked (KeywordSearchSql), walked by a <see cref="RankCursor"/>; a cursor of the other order is a 400.
    /// </summary>
    private async Task<IResult> SearchAsync<T>(HttpRequest request, Func<NpgsqlConnection, Guid?, PageRequest, string, Task<Page<T>>> recent,
        string relevantSql, Func<NpgsqlConnection, Guid?, IReadOnlyList<Guid>, Task<IReadOnlyList<T>>> load, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        var q = request.Query["q"].ToString().Trim();
        if (q.Length == 0) return Problems.Validation("q", "This field is required.");
        if (DiscoveryApi.TermProblem(q) is { } badTerm) return badTerm;
        var sort = request.Query["sort"].ToString();
        if (sort.Length > 0 && !Sorts.Contains(sort)) return Problems.Validation("sort", $"Must be one of: {string.Join(", ", Sorts)}.");
        var relevant = sort == "relevant";
        var page = default(PageRequest);
        var (limit, after) = (0, RankCursor.Start);
        if (relevant)
        {
            if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out limit, out var badLimit)) return badLimit!;
            if (!RankCursor.TryRead(request, out after, out var badCursor)) return badCursor!;
        }
        else if (!PageRequest.TryRead(request, out page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        q = await ComposedText.OfAsync(conn, q, ct); // a word typed with combining accents finds its composed twin
        var (hasWords, live) = await conn.QuerySingleAsync<(bool, bool)>(new CommandDefinition(KeywordSearchSql.HasWords, new { q, viewer },
            cancellationToken: ct));
        if (!live) return Problems.AccountGone(); // a token outlives its account (docs/accounts.md "Sessions")
        if (!hasWords) return Problems.Validation("q", "Name at least one word to search for that is not excluded (-word).");
        if (!relevant) return Api.Ok(await recent(conn, viewer, page, q));
        var (ids, next) = await RankedPage.ReadAsync(conn, relevantSql, new { q, viewer, candidates = KeywordSearchSql.Candidates }, after, limit, ct);
        return Api.Ok(new Page<T>(await load(conn, viewer, ids), next));
    }
}
