using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Auth;

/// <summary>Who is asking: the user named by a valid bearer access token.</summary>
public sealed record Caller(Guid UserId, string Username);

public static class CallerExtensions
{
    /// <summary>The caller, or null when the request carries no valid bearer token (anonymous, malformed or expired).</summary>
    public static Caller? CallerOf(this AccessTokens tokens, HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? tokens.Validate(header["Bearer ".Length..].Trim())
            : null;
    }
}
