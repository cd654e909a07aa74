using System.Text.Json;
using Fowergram.Platform;
using Fowergram.Platform.Email;
using Fowergram.Platform.Http;

namespace Fowergram.Server;

/// <summary>
/// Local stand-in for SMTP outside Production: each mail becomes a <c>*.json</c> file
/// (<c>{to, subject, textBody, sentAt}</c>) in <c>&lt;Fowergram:DataDirectory or ./.data&gt;/mailbox/</c>,
/// or in <c>Email:MailboxDirectory</c> when set (tests share one mailbox between hosts, since any
/// host's dispatcher may deliver an event), where a developer or a test reads it.
/// </summary>
public sealed class FileMailbox(IConfiguration configuration, TimeProvider time, ILogger<FileMailbox> logger) : IEmailSender
{
    public string Directory { get; } = configuration["Email:MailboxDirectory"] is { Length: > 0 } configured ? configured
        : Path.Combine(configuration["Fowergram:DataDirectory"] ?? Path.Combine(System.IO.Directory.GetCurrentDirectory(), ".data"), "mailbox");

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var sentAt = time.GetUtcNow();
        var name = $"{sentAt:yyyyMMddTHHmmssfffffff}-{Ids.New(time):N}.json";
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new StoredMail(message.To, message.Subject, message.TextBody, sentAt), ApiJson.Options);
        // Written aside and moved into place, so a reader never sees half a mail.
        var temp = Path.Combine(Directory, name + ".tmp");
        await File.WriteAllBytesAsync(temp, json, ct);
        File.Move(temp, Path.Combine(Directory, name));
        logger.LogInformation("Mail {Subject} for {To} written to {File}", message.Subject, message.To, name);
    }

    private sealed record StoredMail(string To, string Subject, string TextBody, DateTimeOffset SentAt);
}
