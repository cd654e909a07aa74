using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>POST /auth/email/verification (send another mail) and POST /auth/email/verify (spend the mailed token).</summary>
public sealed class VerificationApi(NpgsqlDataSource db, AccessTokens accessTokens, MailThrottle mails, TimeProvider time)
{
    public async Task<IResult> RequestVerification(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var user = await conn.QuerySingleOrDefaultAsync<MailRecipient>(new CommandDefinition(
            EmailTokensSql.Recipient, new { userId = caller.UserId }, tx, cancellationToken: ct));
        if (user is null) return Problems.AccountGone();
        if (user.EmailVerifiedAt is not null) return Problems.Conflict("The e-mail address is already verified.");
        if (await mails.TakeAsync(conn, tx, MailThrottle.Verification, caller.UserId.ToString("D"), ct) is { } wait)
        {
            await tx.CommitAsync(ct);
            return Problems.TooManyRequests(wait, "Too many verification mails requested; try again later.");
        }
        await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.EmailVerificationRequested, caller.UserId,
            new AccountEventPayload(caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.Accepted();
    }

    public async Task<IResult> Verify(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<VerifyEmailRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var token = body.Value!.Token;
        if (string.IsNullOrEmpty(token)) return Problems.Validation("token", "This field is required.");
        if (!SecretToken.IsWellFormed(token)) return InvalidToken();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var spent = await conn.QuerySingleOrDefaultAsync<SpentToken>(new CommandDefinition(EmailChangesSql.Spend,
            new { tokenHash = SecretToken.Hash(token), now }, tx, cancellationToken: ct));
        if (spent is null) return InvalidToken();
        if (spent.EmailChangeId is { } changeId) return await ConfirmChangeAsync(conn, tx, spent.UserId, changeId, now, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.MarkVerified, new { spent.UserId, now }, tx, cancellationToken: ct)) == 0)
            return InvalidToken();
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// A change's link (docs/accounts.md "Changing the e-mail address"): the address becomes the new one, verified, unless a
    /// newer request replaced this one (400; the link is spent) or another account took the address meanwhile (409).
    /// </summary>
    private async Task<IResult> ConfirmChangeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, Guid changeId, DateTimeOffset now,
        CancellationToken ct)
    {
        // The account's row first, as a new request, a password change or reset and a revert take it before they cancel pending
        // changes: taken after the change's row, it waited on one of them while that one waited on the change's row (a deadlock).
        await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.LockAnyAccount, new { userId }, tx, cancellationToken: ct));
        var newEmail = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(EmailChangesSql.Confirm, new { changeId, now }, tx, cancellationToken: ct));
        if (newEmail is null)
        {
            await tx.CommitAsync(ct);
            return Problems.Validation("token", "A newer request or a new password cancelled this e-mail change; use the link of the latest mail, or ask again.");
        }
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(EmailChangesSql.TakenByOther, new { userId, newEmail, heldSince = now - EmailRevertApi.Window }, tx, cancellationToken: ct)))
            return AccountConflicts.Taken(email: true, username: false);
        try
        {
            if (await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.SetEmail, new { userId, newEmail, now }, tx, cancellationToken: ct)) == 0)
                return InvalidToken();
        }
        catch (PostgresException ex) when (AccountConflicts.FromUniqueViolation(ex) is { } taken)
        {
            return taken; // an account registered with the address since the check
        }
        // Reset links went to the old address: moving the account away from that mailbox must shut it out (docs/accounts.md
        // "Changing the e-mail address"). The revert link the notice below carries to it is the one way back, on purpose.
        await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SpendOtherResets, new { userId, now }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.EmailChanged, userId, new EmailChangePayload(userId, changeId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static IResult InvalidToken() =>
        Problems.Validation("token", "The verification link is invalid, expired or already used; request a new one.");
}
