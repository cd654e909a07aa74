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
        var verified = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(EmailTokensSql.Verify,
            new { tokenHash = SecretToken.Hash(token), now = time.GetUtcNow() }, cancellationToken: ct));
        return verified is null ? InvalidToken() : Api.NoContent();
    }

    private static IResult InvalidToken() =>
        Problems.Validation("token", "The verification link is invalid, expired or already used; request a new one.");
}
