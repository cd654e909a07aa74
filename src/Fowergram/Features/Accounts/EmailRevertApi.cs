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
/// POST /auth/email/revert (docs/accounts.md "Securing the account from the old address", migration 0145): the link mailed
/// to the old address when an e-mail change was confirmed undoes it within <see cref="Window"/>, for an owner whose account
/// someone else took (they knew the password, so they could change the address). With it comes a new password; the
/// address goes back, every session ends, pending resets and changes die and two-factor is turned off (the taker may have
/// turned it on with their own app). No sign-in is needed: the mailbox is the proof, as for a password reset.
/// </summary>
public sealed class EmailRevertApi(NpgsqlDataSource db, PasswordHasher hasher, Sessions sessions, AccountTakeBack takeBack,
    IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>How long the old address's link works, and how long nobody else may take that address (Instagram: about two weeks).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    public async Task<IResult> Revert(HttpRequest request, CancellationToken ct)
    {
        var (input, problem) = await AccountTakeBack.ReadAsync(request, InvalidLink, ct);
        if (problem is not null) return problem;

        var now = time.GetUtcNow();
        RevertLink? link;
        await using (var conn = await db.OpenConnectionAsync(ct))
            link = await conn.QuerySingleOrDefaultAsync<RevertLink>(new CommandDefinition(EmailChangesSql.FindRevertLink,
                new { tokenHash = SecretToken.Hash(input!.Token!), now, restorableAfter = now - options.Value.DeletionGrace }, cancellationToken: ct));
        if (link is null) return InvalidLink();
        // A weak password leaves the link unspent, so the owner can try again from the same mail.
        if (PasswordPolicy.Check(input.NewPassword, link.Username, link.OldEmail) is { } weak) return Problems.Validation("newPassword", weak);

        var hashedPassword = hasher.Hash(input.NewPassword!); // slow on purpose: outside any transaction
        now = time.GetUtcNow();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var userId = link.UserId;
            // The account's row first, as every change of its credentials takes it; then the link. Taken after the link, the
            // owner's revert (which spends the later changes' links) and a taker's revert of a later change waited for each other.
            await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.LockAnyAccount, new { userId }, tx, cancellationToken: ct));
            if (await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.SpendRevertLink, new { link.Id, now }, tx, cancellationToken: ct)) == 0)
                return InvalidLink();
            if (await conn.ExecuteScalarAsync<string?>(new CommandDefinition(EmailChangesSql.MarkReverted, new { link.ChangeId, now }, tx,
                    cancellationToken: ct)) is not { } oldEmail)
                return InvalidLink();
            try
            {
                await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.Restore, new { userId, oldEmail, hashedPassword, now }, tx, cancellationToken: ct));
            }
            catch (PostgresException ex) when (AccountConflicts.FromUniqueViolation(ex) is { } taken)
            {
                return taken; // the hold keeps the address free; an operator's edit of the table could still take it
            }
            await conn.ExecuteAsync(new CommandDefinition(EmailChangesSql.SpendLaterRevertLinks, new { link.ChangeId, now }, tx, cancellationToken: ct));
            await takeBack.LockOutOthersAsync(conn, tx, userId, now, ct);
            await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.EmailChangeReverted, null, new EmailChangePayload(userId, link.ChangeId), ct);
            await tx.CommitAsync(ct);
            sessions.Ended();
        }
        return Api.NoContent();
    }

    private static IResult InvalidLink() =>
        Problems.Validation("token", "The link is invalid, expired or already used; if your account is still not yours, contact support.");
}

