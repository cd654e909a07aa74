using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Email;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Sends verification and password-reset mails, and the notices that a password changed, a passkey was added or a new device signed in. It mints the one-time token
/// itself, inside the consumer's transaction: only the token's hash is stored, and the clear token exists only in the mail.
/// <para>
/// Delivery is at-least-once, not exactly-once: the mail leaves before the processed-marker and the
/// token row commit. A crash in between rolls the row back and redelivery sends a second mail with a
/// fresh token; the first mail's token is then unknown to the database and harmlessly fails.
/// </para>
/// </summary>
public sealed class EmailDeliveryConsumer(IEmailSender sender, IOptions<AuthOptions> auth, IOptions<EmailOptions> email,
    TimeProvider time, ILogger<EmailDeliveryConsumer> logger) : IEventConsumer
{
    public const string ConsumerName = "email-delivery";

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is AccountEvents.EmailVerificationRequested or AccountEvents.PasswordResetRequested or AccountEvents.PasswordChanged
            or AccountEvents.EmailChangeRequested or AccountEvents.EmailChanged or AccountEvents.EmailChangeReverted or AccountEvents.NewDeviceLogin
            or AccountEvents.PasskeyAdded or AccountEvents.TwoFactorChanged;

    // A mail cannot be rolled back: another event's failure must never void the token of a mail already sent.
    public bool SharesTransactions => false;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type is AccountEvents.EmailChangeRequested or AccountEvents.EmailChanged or AccountEvents.EmailChangeReverted)
        {
            await SendChangeMailAsync(envelope, connection, transaction, ct);
            return;
        }
        var userId = envelope.PayloadAs<AccountEventPayload>().UserId;
        // A reset link is minted from the row held FOR SHARE, so an address change cannot commit between the read and the link.
        var recipient = envelope.Type == AccountEvents.PasswordResetRequested ? EmailTokensSql.ResetRecipient : EmailTokensSql.MailRecipient;
        var user = await connection.QuerySingleOrDefaultAsync<MailRecipient>(new CommandDefinition(
            recipient, new { userId, restorableAfter = time.GetUtcNow() - auth.Value.DeletionGrace }, transaction, cancellationToken: ct));
        if (user is null)
        {
            logger.LogInformation("No mail for event {EventId}: account {UserId} is gone or disabled", envelope.Id, userId);
            return;
        }
        if (envelope.Type == AccountEvents.NewDeviceLogin)
        {
            var login = envelope.PayloadAs<NewDeviceLoginPayload>();
            await sender.SendAsync(AccountMails.NewDeviceLogin(user.Email, user.Username, login.Device, login.At, email.Value.Page("forgot-password")), ct);
            return;
        }
        if (envelope.Type == AccountEvents.PasskeyAdded)
        {
            var added = envelope.PayloadAs<PasskeyAddedPayload>();
            await sender.SendAsync(AccountMails.PasskeyAdded(user.Email, user.Username, added.Name, added.At, email.Value.Page("forgot-password")), ct);
            return;
        }
        if (envelope.Type == AccountEvents.TwoFactorChanged)
        {
            await SendTwoFactorNoticeAsync(envelope.PayloadAs<TwoFactorChangedPayload>(), user, connection, transaction, ct);
            return;
        }
        if (envelope.Type == AccountEvents.PasswordChanged)
        {
            // No token: a notice, so that an owner whose password someone else changed learns of it and can reset it.
            await sender.SendAsync(AccountMails.PasswordChanged(user.Email, user.Username, email.Value.Page("forgot-password")), ct);
            return;
        }
        var verification = envelope.Type == AccountEvents.EmailVerificationRequested;
        if (verification && user.EmailVerifiedAt is not null)
        {
            logger.LogInformation("No mail for event {EventId}: account {UserId} is already verified", envelope.Id, userId);
            return;
        }

        var token = SecretToken.New();
        var now = time.GetUtcNow();
        var lifetime = verification ? auth.Value.EmailVerificationLifetime : auth.Value.PasswordResetLifetime;
        await connection.ExecuteAsync(new CommandDefinition(
            verification ? EmailTokensSql.InsertVerification : EmailTokensSql.InsertReset,
            new { id = Ids.New(time), userId, tokenHash = SecretToken.Hash(token), now, expiresAt = now + lifetime },
            transaction, cancellationToken: ct));
        var message = verification
            ? AccountMails.Verification(user.Email, user.Username, email.Value.Link("verify-email", token), token, lifetime)
            : AccountMails.Reset(user.Email, user.Username, email.Value.Link("reset-password", token), token, lifetime);
        await sender.SendAsync(message, ct);
        logger.LogInformation("Sent {EventType} mail for event {EventId} to account {UserId}", envelope.Type, envelope.Id, userId);
    }

    /// <summary>
    /// A change's confirmation link, to the new address (a change since replaced or confirmed sends nothing); or, once it
    /// was confirmed, the notice to the old address.
    /// </summary>
    private async Task SendChangeMailAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var (userId, changeId) = envelope.PayloadAs<EmailChangePayload>();
        if (envelope.Type == AccountEvents.EmailChanged)
        {
            await SendChangedNoticeAsync(changeId, connection, transaction, ct);
            return;
        }
        if (envelope.Type == AccountEvents.EmailChangeReverted)
        {
            var undone = await connection.QuerySingleOrDefaultAsync<ConfirmedChange>(new CommandDefinition(EmailChangesSql.Reverted,
                new { changeId }, transaction, cancellationToken: ct));
            if (undone is not null)
                await sender.SendAsync(AccountMails.EmailChangeReverted(undone.OldEmail, undone.Username, email.Value.Page("settings/two-factor")), ct);
            return;
        }
        var pending = await connection.QuerySingleOrDefaultAsync<PendingChange>(new CommandDefinition(EmailChangesSql.Pending,
            new { changeId }, transaction, cancellationToken: ct));
        if (pending is null)
        {
            logger.LogInformation("No mail for event {EventId}: e-mail change {ChangeId} is no longer pending", envelope.Id, changeId);
            return;
        }
        var token = SecretToken.New();
        var now = time.GetUtcNow();
        var lifetime = auth.Value.EmailVerificationLifetime;
        await connection.ExecuteAsync(new CommandDefinition(EmailChangesSql.InsertToken,
            new { id = Ids.New(time), userId, tokenHash = SecretToken.Hash(token), now, expiresAt = now + lifetime, changeId },
            transaction, cancellationToken: ct));
        await sender.SendAsync(AccountMails.ConfirmChange(pending.NewEmail, pending.Username, email.Value.Link("verify-email", token), token, lifetime), ct);
    }

    /// <summary>
    /// The notice of a two-factor change. Turned on, with a link that removes the factor (TwoFactorRevertApi) until its
    /// enrolment's enabled_at plus the window: a link minted per mail, so a retried delivery's mail works too; none when the
    /// factor is off again (its links would go with it) or the window is over.
    /// </summary>
    private async Task SendTwoFactorNoticeAsync(TwoFactorChangedPayload changed, MailRecipient user, NpgsqlConnection connection,
        NpgsqlTransaction transaction, CancellationToken ct)
    {
        string? link = null;
        DateTimeOffset? revertBy = null;
        if (changed.Change == TwoFactorChange.On && await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
                TwoFactorRevertApi.EnabledAt, new { userId = user.Id }, transaction, cancellationToken: ct)) is { } enabledAt)
        {
            var now = time.GetUtcNow();
            if (enabledAt + TwoFactorRevertApi.Window > now)
            {
                revertBy = enabledAt + TwoFactorRevertApi.Window;
                var token = SecretToken.New();
                await connection.ExecuteAsync(new CommandDefinition(TwoFactorRevertApi.InsertLink,
                    new { id = Ids.New(time), userId = user.Id, tokenHash = SecretToken.Hash(token), now, expiresAt = revertBy }, transaction,
                    cancellationToken: ct));
                link = email.Value.Link("secure-two-factor", token);
            }
        }
        await sender.SendAsync(AccountMails.TwoFactorChanged(user.Email, user.Username, changed.Change, changed.At, email.Value.Page("forgot-password"),
            link, revertBy, email.Value.Page("settings/two-factor")), ct);
    }

    /// <summary>
    /// The notice to the old address, with a revert link (EmailRevertApi) that works until the change's hold ends: a link
    /// minted per mail, so a retried delivery's mail works too. None once the change was undone or the hold is over.
    /// </summary>
    private async Task SendChangedNoticeAsync(Guid changeId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var done = await connection.QuerySingleOrDefaultAsync<ConfirmedChange>(new CommandDefinition(EmailChangesSql.Confirmed,
            new { changeId }, transaction, cancellationToken: ct));
        if (done is null) return;
        var now = time.GetUtcNow();
        var revertBy = done.ConfirmedAt + EmailRevertApi.Window;
        string? link = null;
        if (revertBy > now)
        {
            var token = SecretToken.New();
            await connection.ExecuteAsync(new CommandDefinition(EmailChangesSql.InsertRevertLink,
                new { id = Ids.New(time), changeId, tokenHash = SecretToken.Hash(token), now, expiresAt = revertBy }, transaction, cancellationToken: ct));
            link = email.Value.Link("secure-account", token);
        }
        await sender.SendAsync(AccountMails.EmailChanged(done.OldEmail, done.Username, done.NewEmail, email.Value.Page("forgot-password"), link, revertBy), ct);
    }
}
