using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// GET and PUT /users/me/email (docs/accounts.md "Changing the e-mail address", migration 0144): asking for a new address
/// takes the password, and the address changes only when the link mailed to it is used (POST /auth/email/verify).
/// </summary>
public sealed class EmailChangeApi(NpgsqlDataSource db, AccessTokens tokens, Credentials credentials, MailThrottle mails, TimeProvider time)
{
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<EmailView>(new CommandDefinition(EmailChangesSql.Current,
            new { viewer = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct)) is { } view
            ? Api.Ok(view)
            : Problems.AccountGone();
    }

    /// <summary>202 with the address as it stands and the one waiting for its link; a newer request replaces an older one.</summary>
    public async Task<IResult> Change(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<ChangeEmailRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var newEmail = AccountRules.NormalizeEmail(body.Value!.Email);
        var errors = new Validation();
        if (AccountRules.EmailError(newEmail) is { } invalid) errors.Add("email", invalid);
        // A secret is checked, not shown: only a missing one is refused here (Required would also call invisible characters blank).
        if (string.IsNullOrWhiteSpace(body.Value.Password)) errors.Add("password", "This field is required.");
        if (!errors.IsValid) return errors.ToProblem();
        var userId = caller.UserId;
        // The address and the mail throttle are judged once the password is right and before a two-factor code is spent on the
        // change, so the owner can send the same code again; the transaction below judges them again (a change meanwhile) and
        // spends the code only once they pass.
        var (owner, code, refused) = await credentials.CheckOwnerBeforeChangeAsync(userId, body.Value.Password, "password", body.Value.Code, ct,
            async owner =>
            {
                await using var check = await db.OpenConnectionAsync(ct);
                // The mail limit first, and a 409 for another account's address counted under it as a mail would be: else an
                // account could ask about addresses without end (a free one answers 202, a used one 409), around the
                // registration's limit on the same answer (docs/accounts.md "Registration and taken addresses").
                if (await mails.WaitAsync(check, MailThrottle.Verification, userId.ToString("D"), ct) is { } wait) return MailsThrottled(wait);
                if (OwnAddressProblem(owner.Email, newEmail) is { } own) return own;
                if (await TakenProblemAsync(check, null, userId, newEmail, ct) is not { } taken) return null;
                await using var counting = await check.BeginTransactionAsync(ct);
                await mails.TakeAsync(check, counting, MailThrottle.Verification, userId.ToString("D"), ct);
                await counting.CommitAsync(ct);
                return taken;
            });
        if (refused is not null) return refused;

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.QuerySingleOrDefaultAsync<(string Email, bool StillProved)?>(new CommandDefinition(EmailChangesSql.LockAccount,
                new { userId, proved = owner!.HashedPassword }, tx, cancellationToken: ct)) is not var (current, stillProved))
            return Problems.AccountGone();
        // A password change or reset committed since the password was checked cancelled the pending changes: this request,
        // made with the password it replaced, must not start one after it (the link needs no session).
        if (!stillProved) return Problems.Conflict("The password was changed meanwhile; sign in again with the new one.");
        if ((OwnAddressProblem(current, newEmail) ?? await TakenProblemAsync(conn, tx, userId, newEmail, ct)) is { } taken) return taken;
        var now = Timestamps.Now(time);
        if (await mails.TakeAsync(conn, tx, MailThrottle.Verification, userId.ToString("D"), ct) is { } wait)
        {
            await tx.CommitAsync(ct); // the throttle's count stays
            return MailsThrottled(wait);
        }
        // Spent with the change, once nothing above refused it: a change refused here leaves the code for the next request.
        if (await credentials.SpendAsync(conn, tx, code, ct) is { } used) return used;
        var changeId = Ids.New(time);
        await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.CancelPending, new { userId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.Insert, new { id = changeId, userId, oldEmail = current, newEmail, now },
            tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.EmailChangeRequested, userId, new EmailChangePayload(userId, changeId), ct);
        var view = await conn.QuerySingleAsync<EmailView>(new CommandDefinition(EmailChangesSql.Current, new { viewer = userId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Results.Json(view, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult MailsThrottled(TimeSpan wait) => Problems.TooManyRequests(wait, "Too many confirmation mails requested; try again later.");

    /// <summary>409 when the new address is the account's own already.</summary>
    private static IResult? OwnAddressProblem(string current, string newEmail) =>
        AccountRules.NormalizeEmail(current) == newEmail
            ? Problems.Conflict("This is already the account's e-mail address.",
                new Dictionary<string, string[]> { ["email"] = ["This is already your e-mail address."] })
            : null;

    /// <summary>409 when the new address is another account's (or held for its revert link).</summary>
    private async Task<IResult?> TakenProblemAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, string newEmail, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<bool>(new CommandDefinition(EmailChangesSql.TakenByOther,
                new { userId, newEmail, heldSince = Timestamps.Now(time) - EmailRevertApi.Window }, tx, cancellationToken: ct))
            ? AccountConflicts.Taken(email: true, username: false)
            : null;
}

/// <summary>PUT /users/me/email: the new address and, to prove it is the owner asking, the password. While two-factor sign-in is on, also a current code or a recovery code (<c>code</c>).</summary>
public sealed record ChangeEmailRequest(string? Email, string? Password, string? Code = null);

/// <summary>The account's address, whether it is verified, and the one waiting for its confirmation link (if any).</summary>
public sealed record EmailView(string Email, bool IsVerified, string? PendingEmail);
