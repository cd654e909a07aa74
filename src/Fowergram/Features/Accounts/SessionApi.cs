using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Accounts;

/// <summary>
/// POST /auth/refresh and POST /auth/logout; and where one is logged in (docs/accounts.md "Sessions"): the caller's live
/// sessions, ending one, ending all the others. An ended session cannot be refreshed, and the access tokens it issued are
/// refused from then on (EndedSessions), as after a logout. Ending sessions is not refused to a token whose account is gone
/// (docs/accounts.md "Sessions"): it only takes access away, and a deletion or suspension has ended them all already.
/// </summary>
public sealed class SessionApi(Sessions sessions, AccessTokens tokens)
{
    public async Task<IResult> Refresh(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RefreshTokenRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (string.IsNullOrEmpty(body.Value!.RefreshToken)) return Problems.Validation("refreshToken", "This field is required.");
        var pair = await sessions.RefreshAsync(body.Value.RefreshToken, ct);
        return pair is null
            ? Problems.Unauthorized("The refresh token is invalid, expired or already used; log in again.")
            : Api.Ok(pair);
    }

    /// <summary>204 whether or not the token was known: logout must not tell which tokens exist.</summary>
    public async Task<IResult> Logout(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<RefreshTokenRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (string.IsNullOrEmpty(body.Value!.RefreshToken)) return Problems.Validation("refreshToken", "This field is required.");
        await sessions.EndAsync(body.Value.RefreshToken, ct);
        return Api.NoContent();
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return Api.Ok(new SessionList(await sessions.ListAsync(caller, ct)));
    }

    /// <summary>Ends one session of the caller's, the current one too (204); 404 for one that is not theirs or not live.</summary>
    public async Task<IResult> End(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var familyId)) return Problems.NotFound("session");
        return await sessions.EndAsync(caller, familyId, ct) switch
        {
            null => SessionEnded(),
            false => Problems.NotFound("session"),
            true => Api.NoContent(),
        };
    }

    /// <summary>"Log out of other sessions": every session but the caller's own ends (204).</summary>
    public async Task<IResult> EndOthers(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await sessions.EndOthersAsync(caller, ct) ? Api.NoContent() : SessionEnded();
    }

    /// <summary>
    /// The caller's own session ended before this request reached the database (its access token outlives it by up to
    /// Auth:SessionCheckInterval on other instances): whoever was just signed out cannot sign the owner out in return.
    /// </summary>
    private static IResult SessionEnded() => Problems.Unauthorized("This session has ended; sign in again.");
}
