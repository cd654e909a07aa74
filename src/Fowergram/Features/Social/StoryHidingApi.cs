using Fowergram.Platform.Auth;
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
    /// <summary>story_hidden_viewers_list pages it.</summary>
    private static readonly OwnedUserList HiddenFrom = new("story_hidden_viewers", "owner_id", "viewer_id",
        "You cannot hide your stories from yourself.");

    public Task<IResult> Hide(HttpRequest request, string username, CancellationToken ct) =>
        HiddenFrom.AddAsync(db, tokens, time, request, username, ct);

    /// <summary>
    /// Shows the caller's stories to the account again (204 whether or not they were hidden from it; the entry goes whatever
    /// the account's state, a block included).
    /// </summary>
    public Task<IResult> Unhide(HttpRequest request, string username, CancellationToken ct) =>
        HiddenFrom.RemoveAsync(db, tokens, request, username, ct);

    public Task<IResult> Hidden(HttpRequest request, CancellationToken ct) => HiddenFrom.PageAsync(db, tokens, request, ct);
}
