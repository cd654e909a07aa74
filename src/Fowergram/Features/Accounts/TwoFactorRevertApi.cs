using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// POST /auth/two-factor/revert (docs/accounts.md "Undoing someone else's two-factor", migration 0216): the link in the
/// mail that told the owner two-factor sign-in was turned on removes that factor within <see cref="Window"/> of it, for an
/// owner who did not turn it on (whoever did knew the password and holds the app that makes the codes, so a password reset
/// alone would not let the owner back in). With it comes a new password; every session ends and whatever else the taker
/// may have set up goes (<see cref="AccountTakeBack"/>). No sign-in is needed: the mailbox is the proof, as for a reset.
/// </summary>
public sealed class TwoFactorRevertApi(NpgsqlDataSource db, PasswordHasher hasher, Sessions sessions, AccountTakeBack takeBack,
    IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>
    /// How long after the factor was turned on its mail's link works. Meanwhile the factor does not protect against someone
    /// who reads the mailbox alone, so the window is short: a week to read a security notice.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>An unspent, unexpired link of an account its owner could still log into (UsersSql.Loginable).</summary>
    internal static readonly string FindLink = $"""
        SELECT r.id, users.id AS user_id, users.username, users.email
          FROM two_factor_reverts r JOIN users ON users.id = r.user_id
         WHERE r.token_hash = @tokenHash AND r.used_at IS NULL AND r.expires_at > @now AND {UsersSql.Loginable}
        """;

    // Concurrent uses queue on the link's row and the first wins; removing the factor then removes its links (0216's cascade).
    private const string SpendLink = "UPDATE two_factor_reverts SET used_at = @now WHERE id = @id AND used_at IS NULL AND expires_at > @now";

    internal const string InsertLink = """
        INSERT INTO two_factor_reverts (id, user_id, token_hash, created_at, expires_at) VALUES (@id, @userId, @tokenHash, @now, @expiresAt)
        """;

    /// <summary>When the account's factor was turned on, if it is on: a link undoes that enrolment until then plus the window.</summary>
    internal const string EnabledAt = "SELECT enabled_at FROM account_two_factor WHERE user_id = @userId AND enabled_at IS NOT NULL";

    public async Task<IResult> Revert(HttpRequest request, CancellationToken ct)
    {
        var (input, problem) = await AccountTakeBack.ReadAsync(request, InvalidLink, ct);
        if (problem is not null) return problem;

        var now = time.GetUtcNow();
        TwoFactorRevertLink? link;
        await using (var conn = await db.OpenConnectionAsync(ct))
            link = await conn.QuerySingleOrDefaultAsync<TwoFactorRevertLink>(new CommandDefinition(FindLink,
                new { tokenHash = SecretToken.Hash(input!.Token!), now, restorableAfter = now - options.Value.DeletionGrace }, cancellationToken: ct));
        if (link is null) return InvalidLink();
        // A weak password leaves the link unspent, so the owner can try again from the same mail.
        if (PasswordPolicy.Check(input.NewPassword, link.Username, link.Email) is { } weak) return Problems.Validation("newPassword", weak);

        var hashedPassword = hasher.Hash(input.NewPassword!); // slow on purpose: outside any transaction
        now = time.GetUtcNow();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var userId = link.UserId;
            // The account's row first, as every change of its credentials takes it; then the link (gone if the factor went meanwhile).
            await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.LockAnyAccount, new { userId }, tx, cancellationToken: ct));
            if (await conn.ExecuteAsync(new CommandDefinition(SpendLink, new { link.Id, now }, tx, cancellationToken: ct)) == 0)
                return InvalidLink();
            await conn.ExecuteAsync(new CommandDefinition(EmailTokensSql.SetPassword, new { userId, hashedPassword, now }, tx, cancellationToken: ct));
            await takeBack.LockOutOthersAsync(conn, tx, userId, now, ct);
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.TwoFactorChanged, userId,
                new TwoFactorChangedPayload(userId, TwoFactorChange.Reverted, now), ct);
            await tx.CommitAsync(ct);
            sessions.Ended();
        }
        return Api.NoContent();
    }

    private static IResult InvalidLink() => Problems.Validation("token",
        "The link is invalid, expired or already used, or two-factor sign-in was turned off meanwhile; if your account is still not yours, contact support.");
}


internal sealed class TwoFactorRevertLink
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
}
