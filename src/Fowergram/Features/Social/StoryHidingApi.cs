using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// "Hide story and live from" (docs/stories.md "Hiding stories from someone", migration 0127):
/// PUT/DELETE /users/me/stories/hidden-from/{username} (idempotent, 204) and GET /users/me/stories/hidden-from. The
/// listed accounts see none of the caller's stories, highlights or broadcasts, whatever the audience, follow or
/// close-friends entry (<c>can_view_story</c>). Silent, as Instagram's: no event, nobody is told, and a block leaves
/// the entry in place, so the choice survives an unblock.
/// </summary>
public sealed class StoryHidingApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Insert = """
        INSERT INTO story_hidden_viewers (owner_id, viewer_id, created_at) VALUES (@me, @other, @now)
        ON CONFLICT (owner_id, viewer_id) DO NOTHING
        """;

    private const string Delete = "DELETE FROM story_hidden_viewers WHERE owner_id = @me AND viewer_id = @other";

    /// <summary>The accounts the caller hides from, those they can still see, most recent first (story_hidden_viewers_list).</summary>
    private static readonly string List = UserLists.OwnList("story_hidden_viewers", "owner_id", "viewer_id");

    public Task<IResult> Hide(HttpRequest request, string username, CancellationToken ct) => ChangeAsync(request, username, Insert, "hide", ct);

    /// <summary>Shows the caller's stories to the account again (204 whether or not they were hidden from it).</summary>
    public Task<IResult> Unhide(HttpRequest request, string username, CancellationToken ct) => ChangeAsync(request, username, Delete, "unhide", ct);

    public async Task<IResult> Hidden(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        return Api.Ok(await UserLists.PageAsync(conn, List, new { viewer = caller.UserId }, page, r => r.ToItem(), ct));
    }

    private async Task<IResult> ChangeAsync(HttpRequest request, string username, string sql, string verb, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct) is not { } other) return Problems.NotFound("user");
        if (other == caller.UserId) return Problems.BadRequest($"You cannot {verb} your stories from yourself.");
        await conn.ExecuteAsync(new CommandDefinition(sql, new { me = caller.UserId, other, now = Timestamps.Now(time) }, cancellationToken: ct));
        return Api.NoContent();
    }
}
