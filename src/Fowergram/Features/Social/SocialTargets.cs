using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Turns the <c>{username}</c> of a social route into an account id, through the visibility policy:
/// unknown, deleted, deactivated and blocked (either way) accounts are all "not found". <c>me</c>
/// (a reserved username) names the signed-in caller.
/// </summary>
internal static class SocialTargets
{
    private const int UsernameMax = 30;

    /// <summary>A live account whose profile @viewer may see (can_view_profile); for writes the caller must be live too.</summary>
    private const string VisibleSql = """
        SELECT u.id FROM users u
        WHERE (lower(u.username) = lower(@username) OR u.id = @self) AND u.is_active AND u.deleted_at IS NULL
          AND can_view_profile(@viewer, u.id)
          AND (@viewer::uuid IS NULL OR EXISTS (SELECT 1 FROM users me WHERE me.id = @viewer AND me.is_active AND me.deleted_at IS NULL))
        """;

    private const string VisibleLockedSql = VisibleSql + " FOR KEY SHARE OF u";

    /// <summary>Lists (followers, following): the account's content must be visible to @viewer (can_view_content).</summary>
    private const string ContentVisibleSql = """
        SELECT u.id FROM users u
        WHERE (lower(u.username) = lower(@username) OR u.id = @self) AND u.is_active AND u.deleted_at IS NULL
          AND can_view_content(@viewer, u.id)
        """;

    /// <summary>
    /// Block and unblock resolve the other user without the usual visibility filter: the blocker must
    /// still reach the account to unblock it. A user who is blocked by the target (and does not block
    /// it) gets nothing: to them the blocker does not exist.
    /// </summary>
    private const string BlockTargetSql = """
        SELECT u.id FROM users u
        WHERE (lower(u.username) = lower(@username) OR u.id = @self) AND u.is_active AND u.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM users me WHERE me.id = @viewer AND me.is_active AND me.deleted_at IS NULL)
          AND (EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = @viewer AND b.blocked_id = u.id)
               OR NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = u.id AND b.blocked_id = @viewer))
        """;

    /// <summary>
    /// Inside a transaction the account's row is also held (FOR KEY SHARE) until it ends, so the write that follows cannot
    /// lose a race with the account's purge: the purge waits, or it went first and the lookup finds nobody (404) — never a
    /// foreign-key failure (500) on the insert that names the account.
    /// </summary>
    public static Task<Guid?> FindVisibleAsync(NpgsqlConnection conn, Caller? caller, string username, CancellationToken ct,
        NpgsqlTransaction? tx = null) =>
        FindAsync(conn, tx is null ? VisibleSql : VisibleLockedSql, caller, username, ct, tx);

    public static Task<Guid?> FindContentVisibleAsync(NpgsqlConnection conn, Caller? caller, string username, CancellationToken ct) =>
        FindAsync(conn, ContentVisibleSql, caller, username, ct, null);

    public static Task<Guid?> FindForBlockAsync(NpgsqlConnection conn, Caller caller, string username, CancellationToken ct,
        NpgsqlTransaction? tx = null) =>
        FindAsync(conn, BlockTargetSql, caller, username, ct, tx);

    private static async Task<Guid?> FindAsync(NpgsqlConnection conn, string sql, Caller? caller, string username, CancellationToken ct,
        NpgsqlTransaction? tx)
    {
        if (username.Length is 0 or > UsernameMax) return null;
        // By id, not by the token's username, which can be stale for a few minutes after a rename.
        Guid? self = caller is not null && string.Equals(username, "me", StringComparison.OrdinalIgnoreCase) ? caller.UserId : null;
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(sql,
            new { viewer = caller?.UserId, username, self }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// The account a removal names on the caller's own list (<paramref name="table"/>, the caller in
    /// <paramref name="ownerColumn"/>, the named account in <paramref name="memberColumn"/>): the entry's account when the
    /// caller has one by that name, whatever that account's state (deactivated, deleted in its grace, blocking the caller:
    /// hidden from the list, the entry still the caller's and still in force once the account is back), else the account
    /// the caller may see (<see cref="FindVisibleAsync"/>; null for anyone else: a 404). Taking back one's own choice never
    /// depends on the other account, as a favorite's removal (FavoritesApi.Remove) and an unlike of a hidden post.
    /// </summary>
    public static async Task<Guid?> FindForRemovalAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Caller caller, string username,
        string table, string ownerColumn, string memberColumn, CancellationToken ct, Guid? owner = null) =>
        await FindOnOwnListAsync(conn, tx, caller, username, table, ownerColumn, memberColumn, ct, owner)
        ?? await FindVisibleAsync(conn, caller, username, ct, tx);

    /// <summary>
    /// Only the entry's account, whatever its state (<see cref="FindForRemovalAsync"/>), or null; the list's owner is the
    /// caller, or <paramref name="owner"/> for a list the caller keeps on a thing of theirs (a broadcast's removed viewers:
    /// the caller's ownership of the thing is checked before).
    /// </summary>
    public static async Task<Guid?> FindOnOwnListAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Caller caller, string username,
        string table, string ownerColumn, string memberColumn, CancellationToken ct, Guid? owner = null) =>
        username.Length is > 0 and <= UsernameMax
            ? await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(OnOwnList(table, ownerColumn, memberColumn),
                new { viewer = owner ?? caller.UserId, username }, tx, cancellationToken: ct))
            : null;

    /// <summary>Constant names only (never user input); the pair's primary key after users' lower(username) index.</summary>
    private static string OnOwnList(string table, string ownerColumn, string memberColumn) => $"""
        SELECT u.id FROM {table} l JOIN users u ON u.id = l.{memberColumn}
         WHERE l.{ownerColumn} = @viewer AND lower(u.username) = lower(@username)
        """;

    /// <summary>Every social write that names another user refuses the caller themself the same way.</summary>
    public static IResult Self(string what) => Problems.BadRequest($"You cannot {what} yourself.");
}
