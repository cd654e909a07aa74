using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// GET /users/{username}/followers and /following. The lists are content: a private account's are
/// shown to its approved followers and itself only, and to nobody blocked either way (can_view_content);
/// everyone else gets 404. Anonymous callers see public accounts' lists.
/// </summary>
public sealed class FollowListsApi(NpgsqlDataSource db, AccessTokens accessTokens)
{
    public Task<IResult> Followers(HttpRequest request, string username, CancellationToken ct) =>
        ListAsync(request, username, FollowListsSql.Followers, ct);

    public Task<IResult> Following(HttpRequest request, string username, CancellationToken ct) =>
        ListAsync(request, username, FollowListsSql.Following, ct);

    private async Task<IResult> ListAsync(HttpRequest request, string username, string sql, CancellationToken ct)
    {
        if (!accessTokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindContentVisibleAsync(conn, caller, username, ct) is not { } owner) return Problems.NotFound("user");
        return Api.Ok(await UserLists.PageAsync(conn, sql, new { viewer = caller?.UserId, owner }, page, r => r.ToItem(), ct));
    }
}
