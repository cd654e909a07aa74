using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// GET /reels/{id}/remixes, and the caller's account-wide "allow remixing" switch (GET/PUT /users/me/reel-remixes). A remix
/// itself is made by POST /reels with remixOfId (<see cref="ReelsApi.Create"/>, docs/reels.md "Remixes").
/// </summary>
public sealed class ReelRemixesApi(NpgsqlDataSource db, AccessTokens tokens, ReelReader reader, TimeProvider time)
{
    /// <summary>Remixes of a reel the caller may see, newest first, each one the caller may see (guests see a guest's share).</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReelAccess.FindForReaderAsync(conn, viewer, reelId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "reel", ct);
        return Api.Ok(await reader.PageAsync(conn, viewer, ReelRemixes.Page, page, new { reelId, viewer }, ct));
    }

    /// <summary>GET /users/me/reel-remixes.</summary>
    public async Task<IResult> GetSwitch(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<ReelRemixesView>(db, ReelRemixes.Switch, caller.UserId, ct);
    }

    /// <summary>
    /// PUT /users/me/reel-remixes <c>{allowed}</c>: off, nobody else may remix the caller's reels, whatever each reel says, and
    /// new reels start with remixing off. Remixes made before stay.
    /// </summary>
    public async Task<IResult> PutSwitch(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<ReelRemixesSwitch>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Allowed is not { } allowed) return Problems.Validation("allowed", "This field is required: true or false.");
        return await OwnSettings.PutAsync<ReelRemixesView, bool>(db, ReelRemixes.Switch, allowed, caller.UserId, Timestamps.Now(time), ct);
    }
}
