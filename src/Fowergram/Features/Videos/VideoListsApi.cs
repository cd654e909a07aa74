using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// A user's channel (published videos), the videos of followed accounts and the caller's drafts; guests see what a guest
/// may see (and have no following tab).
/// </summary>
public sealed class VideoListsApi(NpgsqlDataSource db, AccessTokens tokens, VideoReader reader)
{
    /// <summary>GET /users/{username}/videos: newest published first, when the caller may see the account's content ("me" is the caller).</summary>
    public async Task<IResult> Channel(HttpRequest request, string username, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ProfileListOwner.FindAsync(conn, username, viewer, ct) is not { } ownerId) return await ProfileListOwner.NotFoundAsync(conn, username, viewer, ct);
        return Api.Ok(await reader.PageAsync(conn, viewer, VideoReadSql.Channel, page, new { ownerId, viewer }, ct));
    }

    /// <summary>GET /videos/following: published videos of the accounts the caller follows, newest published first.</summary>
    public async Task<IResult> Following(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var videos = await reader.PageAsync(conn, caller.UserId, VideoReadSql.Following, page, new { viewer = caller.UserId }, ct);
        // The statement reads nothing for a gone account: only an empty page asks whether that is why (401) or the tab is empty.
        if (videos.Items.Count == 0 && !await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(videos);
    }

    /// <summary>
    /// GET /videos/drafts: the caller's unpublished videos, newest first. Nobody else ever sees them, nor a token that outlived
    /// the account (401, as every own read).
    /// </summary>
    public async Task<IResult> Drafts(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await reader.PageAsync(conn, caller.UserId, VideoReadSql.Drafts, page, new { ownerId = caller.UserId }, ct));
    }
}
