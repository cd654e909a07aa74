using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// GET /users/{username}/followers and /following, each searchable with <c>?q=</c>. The lists are content: a private
/// account's are shown to its approved followers and itself only, and to nobody blocked either way (can_view_content);
/// everyone else gets 404. Anonymous callers see public accounts' lists. GET /users/{username}/followers/mutual is the
/// caller's own view of any profile it may see: the accounts it follows that follow it. On all three "me" is the caller
/// while its account is live (a 401 otherwise), as on every /users/{username}/… list.
/// </summary>
public sealed class FollowListsApi(NpgsqlDataSource db, AccessTokens accessTokens)
{
    public Task<IResult> Followers(HttpRequest request, string username, CancellationToken ct) =>
        ListAsync(request, username, FollowListsSql.Followers, ct);

    public Task<IResult> Following(HttpRequest request, string username, CancellationToken ct) =>
        ListAsync(request, username, FollowListsSql.Following, ct);

    /// <summary>Members only: the list is about the caller's own follows. A private profile's is shown too, as its "Followed by" line is.</summary>
    public async Task<IResult> Mutual(HttpRequest request, string username, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await OwnerAsync(conn, caller, username, (c, who, name, t) => SocialTargets.FindVisibleAsync(c, who, name, t), ct) is not { } owner)
            return await ProfileListOwner.NotFoundAsync(conn, username, caller?.UserId, ct);
        var sql = await Mutuals.ListSqlAsync(conn, caller.UserId, owner, ct);
        return Api.Ok(await UserLists.PageAsync(conn, sql, new { viewer = caller.UserId, owner }, page, r => r.ToItem(), ct));
    }

    private async Task<IResult> ListAsync(HttpRequest request, string username, string sql, CancellationToken ct)
    {
        if (!accessTokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        var term = request.Query["q"].ToString().Trim().ToLowerInvariant();
        if (DiscoveryApi.TermProblem(term) is { } badTerm) return badTerm; // the search box's rule: 64 code points, one line
        await using var conn = await db.OpenConnectionAsync(ct);
        // Composed as the search box composes it (DiscoveryApi.FindAccountsAsync): names are stored composed, so "e" + U+0301
        // typed on some keyboards must meet the "é" of the name. ASCII costs no round trip.
        term = await ComposedText.OfAsync(conn, term, ct);
        var contains = term.Length == 0 ? null : "%" + LikePattern.Escape(term) + "%";
        if (await OwnerAsync(conn, caller, username, SocialTargets.FindContentVisibleAsync, ct) is not { } owner)
            return await ProfileListOwner.NotFoundAsync(conn, username, caller?.UserId, ct);
        return Api.Ok(await UserLists.PageAsync(conn, sql, new { viewer = caller?.UserId, owner, contains }, page, r => r.ToItem(), ct));
    }

    /// <summary>
    /// The list's account: "me" is the caller while its account is live, as on every /users/{username}/… list
    /// (ProfileListOwner): a guest's or a gone account's "me" is a 401, not the 404 these lists answered until 2026-12-07.
    /// </summary>
    private static async Task<Guid?> OwnerAsync(NpgsqlConnection conn, Caller? caller, string username,
        Func<NpgsqlConnection, Caller?, string, CancellationToken, Task<Guid?>> find, CancellationToken ct) =>
        ProfileListOwner.IsMe(username) ? await ProfileListOwner.MeAsync(conn, caller?.UserId, ct) : await find(conn, caller, username, ct);
}
