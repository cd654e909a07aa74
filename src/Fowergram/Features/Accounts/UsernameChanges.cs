using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Instagram's username rules (docs/accounts.md "Username changes and About this account"): at most
/// <see cref="MaxChanges"/> changes in any <see cref="Window"/>, and an old name held for its former owner for as long,
/// so nobody else can take it while the owner may still want it back. Every step runs inside the caller's transaction.
/// </summary>
internal static class UsernameChanges
{
    public const int MaxChanges = 2;
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    /// <summary>
    /// Makes the rename of account <paramref name="id"/> to <paramref name="wanted"/> safe to write: locks the account's
    /// row, then both names, then checks the limit and whether the name is free for this account. Answers the name being
    /// given up (null when <paramref name="wanted"/> already is the name: not a change), or the problem that refuses it.
    /// </summary>
    public static async Task<(string? OldUsername, IResult? Problem)> PrepareRenameAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        Guid id, string wanted, DateTimeOffset now, CancellationToken ct)
    {
        var current = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(UsernameChangesSql.CurrentForUpdate, new { id }, tx, cancellationToken: ct));
        if (current is null) return (null, Problems.AccountGone());
        if (current == wanted) return (null, null);
        await LockNamesAsync(conn, tx, [current, wanted], ct);
        var since = now - Window;
        var recent = (await conn.QueryAsync<DateTimeOffset>(new CommandDefinition(UsernameChangesSql.ChangesSince, new { id, since }, tx, cancellationToken: ct))).ToList();
        if (recent.Count >= MaxChanges) return (null, TooSoon(recent[^MaxChanges] + Window - now));
        var claim = await ClaimAsync(conn, tx, wanted, id, now, ct);
        return claim.Taken || claim.Held ? (null, AccountConflicts.Taken(email: false, username: true)) : (current, null);
    }

    /// <summary>Writes the change that <see cref="PrepareRenameAsync"/> allowed, in the rename's transaction.</summary>
    public static Task RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid id, string oldUsername,
        string newUsername, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(UsernameChangesSql.Record,
            new { changeId = Ids.New(time), id, oldUsername, newUsername, now }, tx, cancellationToken: ct));

    /// <summary>
    /// A registration's check, under the name's lock: false when the name is in use or held for a former owner. The lock
    /// matters here: the check and the INSERT are two statements, and the unique index alone would let the INSERT through
    /// once a rename giving the name up commits, before its hold could be read.
    /// </summary>
    public static async Task<bool> FreeForRegistrationAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string username, DateTimeOffset now,
        CancellationToken ct)
    {
        await LockNamesAsync(conn, tx, [username], ct);
        var claim = await ClaimAsync(conn, tx, username, null, now, ct);
        return !claim.Taken && !claim.Held;
    }

    private static Task LockNamesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] names, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(UsernameChangesSql.LockNames, new { names }, tx, cancellationToken: ct));

    private static Task<NameClaim> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string username, Guid? id, DateTimeOffset now,
        CancellationToken ct) =>
        conn.QuerySingleAsync<NameClaim>(new CommandDefinition(UsernameChangesSql.Claim,
            new { username, id, since = now - Window }, tx, cancellationToken: ct));

    /// <summary>429, not 409: nothing conflicts, the account only has to wait until its earlier change leaves the window.</summary>
    private static IResult TooSoon(TimeSpan retryAfter) => Problems.TooManyRequests(retryAfter,
        $"You can change your username {MaxChanges} times within {Window.Days} days.",
        new Dictionary<string, string[]>
        {
            ["username"] = [$"You changed your username {MaxChanges} times in the last {Window.Days} days: try again later."],
        });
}
