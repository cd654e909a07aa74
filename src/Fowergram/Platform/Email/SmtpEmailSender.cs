using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Fowergram.Platform.Email;

/// <summary>
/// SMTP through System.Net.Mail. One client per mail: <see cref="SmtpClient"/> is not thread-safe. Each mail is bounded by
/// <see cref="EmailOptions.SmtpSettings.Timeout"/>: <see cref="SmtpClient.Timeout"/> binds only the synchronous Send, and a
/// server that stops answering held SendMailAsync — and the email-delivery consumer, and the Server host's dispatcher round
/// that waits for it — for ever.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(smtp.Timeout);
        try
        {
            await SendOnceAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // A failure like any other (the consumer retries it later), not the host stopping.
            throw new TimeoutException($"The SMTP server {smtp.Host}:{smtp.Port} did not take the mail within {smtp.Timeout}.");
        }
    }

    private async Task SendOnceAsync(EmailMessage message, CancellationToken ct)
    {
        var settings = options.Value;
        var smtp = settings.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(smtp.Username))
            client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        using var mail = new MailMessage(new MailAddress(settings.From), new MailAddress(message.To))
        {
            Subject = message.Subject,
            Body = message.TextBody,
            IsBodyHtml = false,
        };
        await client.SendMailAsync(mail, ct);
    }
}
