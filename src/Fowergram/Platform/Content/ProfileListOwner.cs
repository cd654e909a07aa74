using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// The account behind the {username} of a profile's content list (/users/{username}/posts, /reels, /videos, /series, the
/// reposts tabs): one whose profile and content the viewer may see, "me" being the caller. Who is hidden, and why, is
/// never told: any other name is a 404 for the user.
/// </summary>
public static class ProfileListOwner
{
    private const string ByUsername = """
        SELECT u.id FROM users u
        WHERE lower(u.username) = @username AND can_view_profile(@viewer, u.id) AND can_view_content(@viewer, u.id)
        """;

    /// <summary>
    /// The owner's id; null when the viewer may see no such account, for a guest's "me", and for the "me" of a token whose
    /// account was deleted or deactivated since: it reads nothing the account keeps, as /users/me (docs/accounts.md "Sessions").
    /// </summary>
    public static async Task<Guid?> FindAsync(NpgsqlConnection conn, string username, Guid? viewer, CancellationToken ct) =>
        IsMe(username)
            ? await MeAsync(conn, viewer, ct)
            : await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ByUsername, new { username = username.Trim().ToLowerInvariant(), viewer },
                cancellationToken: ct));

    /// <summary>The caller behind a "me": null for a guest and for a token whose account is gone (deleted or deactivated).</summary>
    public static async Task<Guid?> MeAsync(NpgsqlConnection conn, Guid? viewer, CancellationToken ct) =>
        viewer is { } me && await People.IsLiveAsync(conn, null, me, ct) ? me : null;

    /// <summary>
    /// The answer when <see cref="FindAsync"/> found none: "me" must sign in (401: a guest, or a gone account's token), any other
    /// name is not found (404).
    /// </summary>
    public static IResult NotFound(string username) => IsMe(username) ? Problems.Unauthorized() : Problems.NotFound("user");

    /// <summary>
    /// As <see cref="NotFound"/>, and the account's 401 for a token whose account is gone (docs/accounts.md "Sessions"): a gone
    /// viewer sees no profile (can_view_profile), so its 404 is told from a hidden account's by one primary-key probe, paid
    /// only on the way to a 404, never by a list that is served.
    /// </summary>
    public static async Task<IResult> NotFoundAsync(NpgsqlConnection conn, string username, Guid? viewer, CancellationToken ct) =>
        IsMe(username) ? Problems.Unauthorized() : await GoneCaller.NotFoundAsync(conn, viewer, "user", ct);

    /// <summary>Whether {username} is "me", the caller, in any case.</summary>
    public static bool IsMe(string username) => username.Trim().Equals("me", StringComparison.OrdinalIgnoreCase);
}
