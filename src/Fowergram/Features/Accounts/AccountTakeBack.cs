using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// What both mailed "secure your account" links do once the owner is back in control (EmailRevertApi, TwoFactorRevertApi):
/// everything someone else may have set up to keep a way in goes, in the caller's transaction under the account's row lock.
/// A pending e-mail change and pending reset links would reach the taker's mailbox; a two-factor factor or a passkey the
/// taker added would sign in without the owner; every session ends (at once on this instance, within
/// Auth:SessionCheckInterval on others: the caller calls <see cref="Sessions.Ended"/> after its commit), and the login
/// throttle clears so the owner signs in at once with the new password.
/// </summary>
public sealed class AccountTakeBack(Sessions sessions, LoginThrottle throttle)
{
    public async Task LockOutOthersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.CancelPending, new { userId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SpendOtherResets, new { userId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(TwoFactorApi.Remove, new { userId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(PasskeysSql.DeleteAll, new { userId }, tx, cancellationToken: ct));
        await sessions.EndAllAsync(conn, tx, userId, ct);
        await throttle.ClearAsync(conn, tx, userId, ct);
    }

    /// <summary>
    /// The link's body: both members required (400 naming each missing one), and a token of the mailed shape, else
    /// <paramref name="invalidLink"/>'s answer, so garbage never reaches the database.
    /// </summary>
    public static async Task<(SecureAccountRequest? Input, IResult? Problem)> ReadAsync(HttpRequest request, Func<IResult> invalidLink,
        CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<SecureAccountRequest>(request, ct);
        if (body.Error is not null) return (null, body.Error);
        var input = body.Value!;
        var missing = new Validation().Required("token", input.Token);
        if (string.IsNullOrEmpty(input.NewPassword)) missing.Add("newPassword", "This field is required.");
        if (!missing.IsValid) return (null, missing.ToProblem());
        return SecretToken.IsWellFormed(input.Token!) ? (input, null) : (null, invalidLink());
    }
}

/// <summary>POST /auth/email/revert and /auth/two-factor/revert: the token from the mail, and the password to use from now on.</summary>
public sealed record SecureAccountRequest(string? Token, string? NewPassword);
