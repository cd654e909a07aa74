using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Accounts;

/// <summary>POST /auth/refresh and POST /auth/logout.</summary>
public sealed class SessionApi(Sessions sessions)
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
}
