using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// DELETE /users/me (docs/accounts.md "Deleting an account"): the owner, with their password, deletes the account.
/// It disappears at once everywhere (every read filters deleted accounts), every session ends, and logging in
/// within Auth:DeletionGrace restores it; after that account-purge removes it for good. A live broadcast of it ends (through
/// the live area's takedown, as a suspension's does); a scheduled one waits for a restore (a deleted account cannot start it).
/// It leaves other accounts' broadcasts, as a suspended account does (the areas' <see cref="IAccountDeparture"/>s: off the
/// air, its invitations expired); a restore does not put it back.
/// </summary>
public sealed class AccountDeletionApi(NpgsqlDataSource db, AccessTokens tokens, Credentials credentials, Sessions sessions, LoginThrottle throttle,
    IEnumerable<ITakedown> takedowns, IEnumerable<IAccountDeparture> departures, IOptions<AuthOptions> options, TimeProvider time)
{
    private const string MarkDeleted = """
        UPDATE users SET deleted_at = @now, updated_at = @now WHERE id = @id AND is_active AND deleted_at IS NULL
        """;

    /// <summary>
    /// The account's broadcasts that are or may be going live, locked: a start that locked its row first (and read the account
    /// as live) commits before this reads it, so its status here is 'live' and it ends; a start after this finds the account
    /// deleted (LiveLifecycleApi checks after its lock).
    /// </summary>
    private const string Broadcasts = """
        SELECT id, status FROM live_streams WHERE user_id = @id AND status IN ('scheduled', 'live') ORDER BY id FOR NO KEY UPDATE
        """;

    private readonly ITakedown? _broadcasts = takedowns.FirstOrDefault(t => t.TargetTypes.Contains("live_stream"));

    public async Task<IResult> Delete(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<DeleteAccountRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (string.IsNullOrEmpty(body.Value!.Password))
            return Problems.Validation("password", "This field is required: confirm the deletion with your password.");

        // The same throttle as logins: this endpoint must not be a way around it to guess a password.
        var (account, code, problem) = await credentials.CheckOwnerBeforeChangeAsync(caller.UserId, body.Value.Password, "password", body.Value.Code, ct);
        if (problem is not null) return problem;

        var now = time.GetUtcNow();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            if (await conn.QuerySingleOrDefaultAsync<(string Email, bool StillProved)?>(new CommandDefinition(EmailChangesSql.LockAccount,
                    new { userId = account!.Id, proved = account.HashedPassword }, tx, cancellationToken: ct)) is not var (_, stillProved))
                return Problems.AccountGone();
            // A password change, reset or revert committed since the password was checked: most likely the owner taking the
            // account back from whoever knew the old one, whose session it ended. That proof no longer deletes anything.
            if (!stillProved) return Problems.Conflict("The password was changed meanwhile; sign in again with the new one.");
            if (await conn.ExecuteAsync(new CommandDefinition(MarkDeleted, new { id = account.Id, now }, tx, cancellationToken: ct)) == 0)
                return Problems.AccountGone();
            if (await credentials.SpendAsync(conn, tx, code, ct) is { } used) return used; // with the deletion, or not at all
            await sessions.EndAllAsync(conn, tx, account.Id, ct);
            await throttle.ClearAsync(conn, tx, account.Id, ct);
            // Before the takedown: a departure takes its area's locks in its own order first (IAccountDeparture).
            foreach (var departure in departures) await departure.DepartAsync(conn, tx, account.Id, now, ct);
            await EndLiveBroadcastsAsync(conn, tx, account.Id, now, ct);
            await tx.CommitAsync(ct);
            sessions.Ended();
        }
        return Results.Json(new AccountDeletionView(now, now + options.Value.DeletionGrace), ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private async Task EndLiveBroadcastsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        if (_broadcasts is null) return;
        foreach (var (stream, status) in await conn.QueryAsync<(Guid, string)>(new CommandDefinition(Broadcasts, new { id }, tx, cancellationToken: ct)))
            if (status == "live") await _broadcasts.TakeDownAsync(conn, tx, "live_stream", stream, now, ct);
    }
}

/// <summary>DELETE /users/me: the password, asked again. While two-factor sign-in is on, also a current code or a recovery code (<c>code</c>).</summary>
public sealed record DeleteAccountRequest(string? Password, string? Code = null);

/// <summary>When the account was deleted, and until when logging in restores it.</summary>
public sealed record AccountDeletionView(DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil);
