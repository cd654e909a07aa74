using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Highlights;

/// <summary>GET /users/{username}/highlights (the profile's row) and GET /highlights/{id} (with its stories).</summary>
public sealed class HighlightReadsApi(NpgsqlDataSource db, AccessTokens tokens, VisibilityPolicy visibility, HighlightViews views)
{
    public async Task<IResult> OfUser(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var name = username.Trim().ToLowerInvariant();
        await using var conn = await db.OpenConnectionAsync(ct);
        // "me" is the caller while its account is live, as on every /users/{username}/… list (posts, reels, videos): not a
        // username ("me" is reserved); a gone account's token is a 401.
        var ownerId = ProfileListOwner.IsMe(name) ? await ProfileListOwner.MeAsync(conn, caller.UserId, ct)
            : name.Length is 0 or > 30 ? null : await visibility.FindVisibleProfileAsync(caller.UserId, name, ct);
        if (ownerId is null) return await ProfileListOwner.NotFoundAsync(conn, name, caller.UserId, ct);
        return Api.Ok(new HighlightListResponse(await views.LoadAsync(conn, null, caller.UserId, null, ownerId, withStories: false, ct)));
    }

    /// <summary>404 unless the caller owns it or may see at least one of its stories.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var highlightId)) return Problems.NotFound("highlight");
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await views.LoadAsync(conn, null, caller.UserId, highlightId, null, withStories: true, ct);
        return found.Count == 0 ? await GoneCaller.NotFoundAsync(conn, caller.UserId, "highlight", ct) : Api.Ok(found[0]);
    }
}
