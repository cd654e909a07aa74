using Fowergram.Features.Hashtags;
using Fowergram.Features.Locations;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using UserSummary = Fowergram.Features.Social.UserSummary;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Search;

/// <summary>
/// GET /search?q=&amp;limit=: the search box's "top" answer in one request — accounts, hashtags and places matching the
/// term, each list as its own search route ranks it (/users/search, /hashtags/search, /locations/search). A leading
/// <c>@</c> asks for accounts only, a leading <c>#</c> for hashtags only. A part the term cannot be (a hashtag holds
/// letters, digits and underscores; a place name needs three characters) is an empty list, not an error.
/// </summary>
public sealed class SearchApi(NpgsqlDataSource db, AccessTokens tokens)
{
    public const int DefaultLimit = 5;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var raw = request.Query["q"].ToString().Trim();
        var (accounts, hashtags, places) = raw switch
        {
            ['@', ..] => (true, false, false),
            ['#', ..] => (false, true, false),
            _ => (true, true, true),
        };
        var term = accounts && !hashtags ? raw[1..].Trim() : raw;
        if (term.Trim('#').Length == 0) return Problems.Validation("q", "This field is required.");
        if (DiscoveryApi.TermProblem(term) is { } badTerm) return badTerm;
        if (!PageRequest.TryReadLimit(request, DefaultLimit, out var limit, out var invalid)) return invalid!;

        var hashtag = hashtags ? CaptionText.NormalizeHashtag(term) : null;
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = new SearchResults(
            accounts ? await DiscoveryApi.FindAccountsAsync(conn, caller?.UserId, term.ToLowerInvariant(), limit, ct) : [],
            hashtag is not null ? await HashtagsApi.FindHashtagsAsync(conn, caller?.UserId, hashtag, limit, ct) : [],
            places && TextRules.Characters(term) >= LocationsApi.SearchTermMin ? await LocationsApi.FindPlacesAsync(conn, caller?.UserId, term, limit, ct) : []);
        // Each list is empty for a token whose account is gone; only an answer empty throughout asks which it was.
        var empty = found.Accounts.Count == 0 && found.Hashtags.Count == 0 && found.Places.Count == 0;
        return await GoneCaller.EmptyAsync(conn, caller?.UserId, empty, ct) ?? Api.Ok(found);
    }
}

/// <summary>GET /api/v1/search: each list best match first, at most <c>limit</c> long (1–50, default 5).</summary>
public sealed record SearchResults(IReadOnlyList<UserSummary> Accounts, IReadOnlyList<HashtagMatch> Hashtags, IReadOnlyList<Place> Places);
