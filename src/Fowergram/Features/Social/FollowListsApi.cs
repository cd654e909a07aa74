using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// GET /users/{username}/followers and /following, each searchable with <c>?q=</c>. The lists are content: a private
/// account's are shown to its approved followers and itself only, and to nobody blocked either way (can_view_content);
/// everyone else gets 404. Anonymous callers see public accounts' lists. GET /users/{username}/followers/mutual is the
/// caller's own view of any profile it may see: the accounts it follows that follow it.
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
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } owner) return Problems.NotFound("user");
        var sql = await Mutuals.ListSqlAsync(conn, caller.UserId, owner, ct);
        return Api.Ok(await UserLists.PageAsync(conn, sql, new { viewer = caller.UserId, owner }, page, r => r.ToItem(), ct));
    }

    private async Task<IResult> ListAsync(HttpRequest request, string username, string sql, CancellationToken ct)
    {
        if (!accessTokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        var term = request.Query["q"].ToString().Trim().ToLowerInvariant();
        if (DiscoveryApi.TermProblem(term) is { } badTerm) return badTerm; // the search box's rule: 64 code points, one line
        var contains = term.Length == 0 ? null : "%" + LikePattern.Escape(term) + "%";
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindContentVisibleAsync(conn, caller, username, ct) is not { } owner) return Problems.NotFound("user");
        return Api.Ok(await UserLists.PageAsync(conn, sql, new { viewer = caller?.UserId, owner, contains }, page, r => r.ToItem(), ct));
    }
}
