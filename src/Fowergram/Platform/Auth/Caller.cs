using Fowergram.Platform.Presence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Fowergram.Platform.Auth;

/// <summary>
/// Who is asking: the user named by a valid bearer access token, and the session (refresh-token family) it was issued
/// to; null for a token issued outside a session (tools, tests) or before tokens named one.
/// </summary>
public sealed record Caller(Guid UserId, string Username, Guid? SessionId = null);

public static class CallerExtensions
{
    /// <summary>
    /// The caller, or null when the request carries no valid bearer token (anonymous, malformed, expired, or of a session
    /// that has ended). Every route
    /// reads its caller here, in both hosts, so this is where an account's activity is noted (<see cref="PresenceMarks"/>).
    /// </summary>
    public static Caller? CallerOf(this AccessTokens tokens, HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var caller = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? tokens.Validate(header["Bearer ".Length..].Trim())
            : null;
        if (caller is null) return null;
        var services = request.HttpContext.RequestServices;
        // A session ended since the token was issued (a logout, "log out other devices", a password change) takes its
        // access tokens with it: the list is at most Auth:SessionCheckInterval old (EndedSessions).
        if (caller.SessionId is { } session && services?.GetService<EndedSessions>()?.IsEnded(session) == true) return null;
        services?.GetService<PresenceMarks>()?.Seen(caller.UserId);
        return caller;
    }

    /// <summary>
    /// For routes anonymous callers may use too. No Authorization header: anonymous (<paramref name="viewer"/>
    /// null, true). A header whose token is not valid (malformed, tampered, expired, another scheme): false,
    /// and the route answers 401 (RFC 6750 invalid_token) — read as anonymous instead, an expired token would
    /// turn a follower's view of a private account into 404s, and the client could not tell it should refresh.
    /// </summary>
    public static bool TryReadViewer(this AccessTokens tokens, HttpRequest request, out Caller? viewer)
    {
        viewer = null;
        if (!request.Headers.TryGetValue(HeaderNames.Authorization, out var header) || string.IsNullOrWhiteSpace(header)) return true;
        viewer = tokens.CallerOf(request);
        return viewer is not null;
    }
}
