using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Auth;

/// <summary>
/// Refuses every write (any method but GET, HEAD and OPTIONS) whose bearer token names an account that is gone — deleted or
/// deactivated — with 401 before the route runs, in both hosts (the Server host's pipeline, the Functions host's
/// <c>GoneCallerMiddleware</c>). Access tokens outlive their account: one naming no session (operators' tools) lives out its
/// minutes, and one of an ended session is refused only once the instance has read the ended sessions (up to
/// <c>Auth:SessionCheckInterval</c>). Routes re-checked the caller one by one, and a sweep (GoneAccountWriteTests) found
/// 85 that did not — a gone moderator could still suspend, a deleted account's poll vote still counted: so one gate, one
/// primary-key read per write. Writes that can race the going itself still re-check inside their own transaction
/// (<c>People.IsLiveAsync</c>). Reads keep their own rules (a gone account's token reads as the routes say). The open
/// routes under <c>/api/v1/auth/</c> (signing in, which restores a deleted account; appeals of a suspension; refresh and
/// logout) never judge a token, so a stale header sent with them changes nothing.
/// </summary>
public sealed class GoneCallerGate(NpgsqlDataSource db, AccessTokens tokens)
{
    private const string Live = "SELECT EXISTS (SELECT 1 FROM users WHERE id = @id AND deleted_at IS NULL AND is_active)";

    /// <summary>The 401 to answer instead of running the route, or null to go on.</summary>
    public async Task<IResult?> RefusalAsync(HttpRequest request, CancellationToken ct)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return null;
        if (!request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/api/v1/auth")) return null;
        if (tokens.TokenHolderOf(request) is not { } caller) return null; // no token, or a bad one: the route answers
        await using var conn = await db.OpenConnectionAsync(ct);
        var live = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(Live, new { id = caller.UserId }, cancellationToken: ct));
        return live ? null : Problems.AccountGone();
    }
}
