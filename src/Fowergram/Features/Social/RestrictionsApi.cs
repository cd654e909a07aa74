using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Restrict (docs/social-graph.md "Restrict", migration 0105): PUT/DELETE /users/{username}/restrict (idempotent, 204) and
/// GET /users/me/restricted. Silent and one-sided, lighter than a block: nothing about the pair changes (follows stay,
/// neither is told); from then on the other's new comments on the caller's posts, reels and videos are held for the caller
/// to review (<see cref="CommentHolding"/>), and a direct thread they open with the caller waits among the caller's requests.
/// Lifting it leaves comments already held as they are: the caller still approves or deletes them.
/// </summary>
public sealed class RestrictionsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Insert = """
        INSERT INTO restrictions (restricter_id, restricted_id, created_at) VALUES (@me, @other, @now)
        ON CONFLICT (restricter_id, restricted_id) DO NOTHING
        """;

    private const string Delete = "DELETE FROM restrictions WHERE restricter_id = @me AND restricted_id = @other";

    /// <summary>The caller's restrictions of accounts they can still see, most recent first (restrictions_list).</summary>
    private static readonly string List = UserLists.OwnList("restrictions", "restricter_id", "restricted_id");

    public async Task<IResult> Restrict(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return SocialTargets.Self("restrict");
        await conn.ExecuteAsync(new CommandDefinition(Insert, new { me = caller.UserId, other, now = Timestamps.Now(time) }, cancellationToken: ct));
        return Api.NoContent();
    }

    /// <summary>Lifts the caller's restriction (204 whether or not there was one).</summary>
    public async Task<IResult> Unrestrict(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return SocialTargets.Self("unrestrict");
        await conn.ExecuteAsync(new CommandDefinition(Delete, new { me = caller.UserId, other }, cancellationToken: ct));
        return Api.NoContent();
    }

    public async Task<IResult> Restricted(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        return Api.Ok(await UserLists.PageAsync(conn, List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }
}
