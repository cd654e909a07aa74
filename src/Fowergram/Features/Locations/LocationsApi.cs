using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Locations;

/// <summary>
/// Places (docs/posts.md "Places"): search by name and a place's page of posts. A place is a post's free-text
/// location, case-folded; the name travels in the query string (names may hold '/', '?' or '#').
/// </summary>
public sealed class LocationsApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, ReelReader reels)
{
    public const int SearchTermMin = 3;
    public const int NameMax = 100;

    /// <summary>GET /locations/search?q=&amp;limit=: a top-N list, of what the caller (a guest too) may see of public accounts.</summary>
    public async Task<IResult> Search(HttpRequest request, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var term = request.Query["q"].ToString().Trim();
        // Characters as posts.location counts them (code points), so any place a post can name can be searched for and opened.
        if (TextRules.Characters(term) is < SearchTermMin or > NameMax)
            return Problems.Validation("q", $"Must be {SearchTermMin} to {NameMax} characters of the place's name.");
        // One line, as every search box term (DiscoveryApi.TermProblem, which /search applies to the same places).
        if (!TextRules.IsOneLine(term)) return Problems.Validation("q", "Must be one line without control characters.");
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await FindPlacesAsync(conn, caller?.UserId, term, limit, ct);
        return await GoneCaller.EmptyAsync(conn, caller?.UserId, found.Count == 0, ct) ?? Api.Ok(new Places(found));
    }

    /// <summary>
    /// Places whose name holds <paramref name="term"/> (<see cref="SearchTermMin"/> to <see cref="NameMax"/> characters), best
    /// first, found and counted from what <paramref name="viewer"/> (null: a guest) may see of public accounts (LocationsSql.Search).
    /// </summary>
    internal static async Task<IReadOnlyList<Place>> FindPlacesAsync(NpgsqlConnection conn, Guid? viewer, string term, int limit, CancellationToken ct)
    {
        term = await ComposedText.OfAsync(conn, term, ct); // places are stored composed (PostsSql)
        var rows = await conn.QueryAsync<PlaceRow>(new CommandDefinition(LocationsSql.Search,
            new { viewer, term, contains = "%" + LikePattern.Escape(term) + "%", limit }, cancellationToken: ct));
        return rows.Select(r => new Place(r.Name, r.PostCount, r.ReelCount)).ToList();
    }

    /// <summary>GET /locations/posts?name=: the posts at a place the caller may see, newest first by keyset.</summary>
    public async Task<IResult> Posts(HttpRequest request, CancellationToken ct)
    {
        if (ReadPlace(request, out var name, out var viewer, out var page) is { } refused) return refused;
        await using var conn = await db.OpenConnectionAsync(ct);
        var place = await ComposedText.PlaceAsync(conn, name, NameMax, ct); // the key posts carry (PostsSql)
        var posts = await cards.PageAsync(conn, viewer, LocationsSql.Posts, page, new { place, viewer }, ct);
        return await GoneCaller.EmptyAsync(conn, viewer, posts.Items.Count == 0, ct) ?? Api.Ok(new PlacePage(name, posts));
    }

    /// <summary>GET /locations/reels?name=: the place's reels tab, the reels there the caller may see, newest first by keyset.</summary>
    public async Task<IResult> Reels(HttpRequest request, CancellationToken ct)
    {
        if (ReadPlace(request, out var name, out var viewer, out var page) is { } refused) return refused;
        await using var conn = await db.OpenConnectionAsync(ct);
        var place = await ComposedText.PlaceAsync(conn, name, NameMax, ct);
        var found = await reels.PageAsync(conn, viewer, LocationsSql.Reels, page, new { place, viewer }, ct);
        return await GoneCaller.EmptyAsync(conn, viewer, found.Items.Count == 0, ct) ?? Api.Ok(new PlaceReels(name, found));
    }

    /// <summary>A place page's query: the caller (a guest too), the name (1 to <see cref="NameMax"/> characters) and the page; or the 4xx.</summary>
    private IResult? ReadPlace(HttpRequest request, out string name, out Guid? viewer, out PageRequest page)
    {
        (name, viewer, page) = ("", null, default);
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        viewer = caller?.UserId;
        name = request.Query["name"].ToString().Trim();
        if (name.Length == 0 || TextRules.Characters(name) > NameMax) return Problems.Validation("name", $"Must be 1 to {NameMax} characters.");
        // Not held to one line, unlike q: a location stored before PostRules refused line breaks (2026-12-05) still opens.
        return PageRequest.TryRead(request, out page, out var invalid) ? null : invalid;
    }
}

/// <summary>A place found by search: its most used spelling, and how many posts and reels of public accounts the searcher may see name it.</summary>
public sealed record Place(string Name, long PostCount, long ReelCount);

public sealed record Places(IReadOnlyList<Place> Items);

/// <summary>A place's page: the name as asked, and a page of the posts there the caller may see (empty for a place nobody posted at).</summary>
public sealed record PlacePage(string Name, Page<PostCard> Posts);

/// <summary>A place's reels tab: the name as asked, and a page of the reels there the caller may see.</summary>
public sealed record PlaceReels(string Name, Page<ReelView> Reels);
