using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Search;

/// <summary>
/// GET /search/posts?q= and GET /search/reels?q=: the posts and reels whose captions hold the words searched for, newest
/// first (keyset; docs/posts.md "Keyword search"), as Instagram's keyword results. Anyone may search; each result is
/// one the caller may see.
/// </summary>
public sealed class KeywordSearchApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, ReelReader reels)
{
    public Task<IResult> Posts(HttpRequest request, CancellationToken ct) =>
        SearchAsync(request, (conn, viewer, page, q) => cards.PageAsync(conn, viewer, KeywordSearchSql.Posts, page, new { q, viewer }, ct), ct);

    public Task<IResult> Reels(HttpRequest request, CancellationToken ct) =>
        SearchAsync(request, (conn, viewer, page, q) => reels.PageAsync(conn, viewer, KeywordSearchSql.Reels, page, new { q, viewer }, ct), ct);

    private async Task<IResult> SearchAsync<T>(HttpRequest request, Func<NpgsqlConnection, Guid?, PageRequest, string, Task<Page<T>>> search,
        CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var q = request.Query["q"].ToString().Trim();
        if (q.Length == 0) return Problems.Validation("q", "This field is required.");
        if (q.Length > DiscoveryApi.SearchTermMax) return Problems.Validation("q", $"Must be at most {DiscoveryApi.SearchTermMax} characters.");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(KeywordSearchSql.HasWords, new { q }, cancellationToken: ct)))
            return Problems.Validation("q", "Name at least one word to search for.");
        return Api.Ok(await search(conn, caller?.UserId, page, q));
    }
}
