using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>POST /auth/password/forgot and POST /auth/password/reset; PUT /users/me/password.</summary>
public sealed class PasswordApi(NpgsqlDataSource db, PasswordHasher hasher, Sessions sessions, LoginThrottle throttle, MailThrottle mails,
    AccessTokens tokens, Credentials credentials, AddressLimit addresses, IOptions<AuthOptions> options, TimeProvider time)
{
    // Only if the password is still the one checked: a concurrent change wins once.
    private const string Replace = """
        UPDATE users SET hashed_password = @newHash, updated_at = @now WHERE id = @id AND hashed_password = @oldHash
        """;

    /// <summary>The account of a reset link, locked: live, or deleted and still restorable (EmailTokensSql.Resettable).</summary>
    private const string LockResettableAccount = $"SELECT true FROM users WHERE id = @userId AND {EmailTokensSql.Resettable} FOR NO KEY UPDATE";

    /// <summary>
    /// Changes the password of a signed-in account (docs/accounts.md "Changing the password"). The current password is
    /// checked under the login's per-account throttle, so a stolen access token cannot be used to guess it. Every session
    /// ends, pending reset links die, and the answer is a new session's token pair so that this client stays signed in.
    /// </summary>
    public async Task<IResult> Change(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<ChangePasswordRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var missing = new Validation();
        if (string.IsNullOrEmpty(input.CurrentPassword)) missing.Add("currentPassword", "This field is required.");
        if (string.IsNullOrEmpty(input.NewPassword)) missing.Add("newPassword", "This field is required.");
        if (!missing.IsValid) return missing.ToProblem();

        // The new password is judged before a two-factor code is spent on the change.
        var (account, code, problem) = await credentials.CheckOwnerBeforeChangeAsync(caller.UserId, input.CurrentPassword, "currentPassword", input.Code, ct,
            owner => Task.FromResult(
                PasswordPolicy.Check(input.NewPassword, owner.Username, owner.Email) is { } weak ? Problems.Validation("newPassword", weak)
                : input.NewPassword == input.CurrentPassword ? Problems.Validation("newPassword", "Must differ from the current password.")
                : null));
        if (problem is not null) return problem;

        var newHash = hasher.Hash(input.NewPassword!); // slow on purpose: outside any transaction
        var now = time.GetUtcNow();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            // The account's row first, live: a suspension or deletion committed since the check ended every session, and this
            // change must not open one after it (nor replace a gone account's password).
            if (await conn.QuerySingleOrDefaultAsync<(string Email, bool StillProved)?>(new CommandDefinition(EmailChangesSql.LockAccount,
                    new { userId = account!.Id, proved = account.HashedPassword }, tx, cancellationToken: ct)) is not var (_, stillProved))
                return Problems.AccountGone();
            if (!stillProved || await conn.ExecuteAsync(new CommandDefinition(Replace, new { account.Id, newHash, oldHash = account.HashedPassword, now }, tx,
                    cancellationToken: ct)) == 0)
                return Problems.Conflict("The password was changed by another request meanwhile; sign in with the new one.");
            // Spent with the change, so that a change refused above leaves the code for the next request.
            if (await credentials.SpendAsync(conn, tx, code, ct) is { } used) return used;
            await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SpendOtherResets, new { userId = account.Id, now }, tx, cancellationToken: ct));
            // A pending e-mail change was asked for with the old password: its link needs no session, so it ends here too.
            await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.CancelPending, new { userId = account.Id, now }, tx, cancellationToken: ct));
            await sessions.EndAllAsync(conn, tx, account.Id, ct);
            await TrustedDevices.ForgetAllAsync(conn, tx, account.Id, ct); // a new password trusts no device the old one did
            await throttle.ClearAsync(conn, tx, account.Id, ct);
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.PasswordChanged, account.Id, new AccountEventPayload(account.Id), ct);
            var pair = await sessions.StartAsync(conn, tx, account.Id, account.Username, Sessions.DeviceOf(request), ct);
            await tx.CommitAsync(ct);
            sessions.Ended();
            return Api.Ok(pair);
        }
    }

    /// <summary>
    /// 202 whether or not the address belongs to an account, so the endpoint reveals nothing; 429 after
    /// Auth:MailRequestsPerWindow requests for one address, again whether or not it has an account.
    /// </summary>
    public async Task<IResult> Forgot(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ForgotPasswordRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var email = AccountRules.NormalizeEmail(body.Value!.Email);
        if (AccountRules.EmailError(email) is { } error) return Problems.Validation("email", error);
        if (await addresses.TakeAsync(request, AddressLimit.PasswordReset, ct) is { } limited) return limited;

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await mails.TakeAsync(conn, tx, MailThrottle.PasswordReset, MailThrottle.AddressSubject(email), ct) is { } wait)
        {
            await tx.CommitAsync(ct);
            return Problems.TooManyRequests(wait, "Too many password reset requests for this address; try again later.");
        }
        var userId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            EmailTokensSql.ResettableUserByEmail, new { email, restorableAfter = RestorableAfter() }, tx, cancellationToken: ct));
        if (userId is { } id)
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.PasswordResetRequested, null, new AccountEventPayload(id), ct);
        await tx.CommitAsync(ct);
        return Api.Accepted();
    }

    public async Task<IResult> Reset(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ResetPasswordRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        if (string.IsNullOrEmpty(input.Token)) return Problems.Validation("token", "This field is required.");
        if (!SecretToken.IsWellFormed(input.Token)) return InvalidToken();

        PendingReset? reset;
        await using (var conn = await db.OpenConnectionAsync(ct))
            reset = await conn.QuerySingleOrDefaultAsync<PendingReset>(new CommandDefinition(EmailTokensSql.FindReset,
                new { tokenHash = SecretToken.Hash(input.Token), now = time.GetUtcNow(), restorableAfter = RestorableAfter() }, cancellationToken: ct));
        if (reset is null) return InvalidToken();
        // A weak password leaves the token unspent, so the user can try again from the same mail.
        if (PasswordPolicy.Check(input.NewPassword, reset.Username, reset.Email) is { } weak)
            return Problems.Validation("newPassword", weak);

        var hashedPassword = hasher.Hash(input.NewPassword!);
        var now = time.GetUtcNow();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            // The account's row first, as a password change and a revert take it before they spend the account's reset links;
            // taken after the link, two resets at once, or a reset and one of those, waited for each other. Live, as the link was
            // found: an account suspended since, deleted past its grace or being purged keeps its password, as its links do not work
            // (FindReset). A deleted one within its grace takes the new password and stays deleted: the sign-in with it restores it.
            if (await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(LockResettableAccount,
                    new { userId = reset.UserId, restorableAfter = RestorableAfter() }, tx, cancellationToken: ct)) is null)
                return InvalidToken();
            var spent = await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SpendReset, new { reset.Id, now }, tx, cancellationToken: ct));
            if (spent == 0) return InvalidToken();
            await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SpendOtherResets, new { reset.UserId, now }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.CancelPending, new { reset.UserId, now }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SetPassword, new { reset.UserId, hashedPassword, now }, tx, cancellationToken: ct));
            await sessions.EndAllAsync(conn, tx, reset.UserId, ct);
            await TrustedDevices.ForgetAllAsync(conn, tx, reset.UserId, ct);
            await throttle.ClearAsync(conn, tx, reset.UserId, ct);
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.PasswordChanged, reset.UserId, new AccountEventPayload(reset.UserId), ct);
            await tx.CommitAsync(ct);
            sessions.Ended();
        }
        return Api.NoContent();
    }

    /// <summary>A deleted account is restorable (and its password resettable) while deleted after this.</summary>
    private DateTimeOffset RestorableAfter() => time.GetUtcNow() - options.Value.DeletionGrace;

    private static IResult InvalidToken() =>
        Problems.Validation("token", "The reset link is invalid, expired or already used; request a new one.");
}

internal sealed class PasswordAccount
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
    public string HashedPassword { get; init; } = "";
    /// <summary>Two-factor sign-in is on (confirmed): a sensitive change then needs a code too (Credentials.CheckOwnerAsync).</summary>
    public bool TwoFactorOn { get; init; }
}
