using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Fowergram.Platform.Email;

/// <summary>SMTP through System.Net.Mail. One client per mail: <see cref="SmtpClient"/> is not thread-safe.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
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
