using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>POST /auth/password/forgot and POST /auth/password/reset.</summary>
public sealed class PasswordApi(NpgsqlDataSource db, PasswordHasher hasher, Sessions sessions, LoginThrottle throttle, MailThrottle mails,
    TimeProvider time)
{
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

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await mails.TakeAsync(conn, tx, MailThrottle.PasswordReset, MailThrottle.AddressSubject(email), ct) is { } wait)
        {
            await tx.CommitAsync(ct);
            return Problems.TooManyRequests(wait, "Too many password reset requests for this address; try again later.");
        }
        var userId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            EmailTokensSql.ActiveUserByEmail, new { email }, tx, cancellationToken: ct));
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
                new { tokenHash = SecretToken.Hash(input.Token), now = time.GetUtcNow() }, cancellationToken: ct));
        if (reset is null) return InvalidToken();
        // A weak password leaves the token unspent, so the user can try again from the same mail.
        if (PasswordPolicy.Check(input.NewPassword, reset.Username, reset.Email) is { } weak)
            return Problems.Validation("newPassword", weak);

        var hashedPassword = hasher.Hash(input.NewPassword!);
        var now = time.GetUtcNow();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var spent = await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SpendReset, new { reset.Id, now }, tx, cancellationToken: ct));
            if (spent == 0) return InvalidToken();
            await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SpendOtherResets, new { reset.UserId, now }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SetPassword, new { reset.UserId, hashedPassword, now }, tx, cancellationToken: ct));
            await sessions.EndAllAsync(conn, tx, reset.UserId, ct);
            await throttle.ClearAsync(conn, tx, reset.UserId, ct);
            await tx.CommitAsync(ct);
        }
        return Api.NoContent();
    }

    private static IResult InvalidToken() =>
        Problems.Validation("token", "The reset link is invalid, expired or already used; request a new one.");
}
