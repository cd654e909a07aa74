namespace Fowergram.Platform.Email;

/// <summary>A plain-text mail to one recipient.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody);

/// <summary>
/// Sends mail. SMTP in both hosts when <c>Email:Smtp:Host</c> is set; the Server host otherwise
/// drops mails into a local mailbox folder outside Production. Implementations must throw when
/// the mail was not accepted, so the calling consumer retries.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}
