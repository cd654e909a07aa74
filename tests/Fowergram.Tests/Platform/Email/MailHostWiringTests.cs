using Fowergram.Platform.Email;
using Fowergram.Server;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Email;

/// <summary>Which <see cref="IEmailSender"/> the Server host uses, decided at startup.</summary>
public sealed class MailHostWiringTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());

    private static string[] Args(string environment, params string[] more) =>
        ["--urls", "http://127.0.0.1:0", "--environment", environment, "--Auth:SigningKey", Key, "--Media:SigningKey", Key,
            "--ConnectionStrings:Fowergram", "Host=127.0.0.1;Database=unused", .. more];

    [Fact]
    public async Task Development_without_smtp_uses_the_file_mailbox()
    {
        await using var app = FowergramServer.Build(Args("Development", "--Fowergram:DataDirectory", Path.GetTempPath()));
        Assert.IsType<FileMailbox>(app.Services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public async Task Configured_smtp_host_selects_smtp_in_any_environment()
    {
        await using var development = FowergramServer.Build(Args("Development", "--Email:Smtp:Host", "smtp.example.com"));
        await using var production = FowergramServer.Build(Args("Production", "--Email:Smtp:Host", "smtp.example.com"));
        Assert.IsType<SmtpEmailSender>(development.Services.GetRequiredService<IEmailSender>());
        Assert.IsType<SmtpEmailSender>(production.Services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void Production_without_smtp_fails_at_startup_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FowergramServer.Build(Args("Production")));
        Assert.Contains("Email:Smtp:Host", error.Message);
    }

    [Fact]
    public async Task File_mailbox_writes_one_json_file_per_mail()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fowergram-tests", "mailbox-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = FowergramServer.Build(Args("Development", "--Email:MailboxDirectory", directory));
            var clock = new TestClock(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
            var mailbox = new FileMailbox(app.Configuration, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<FileMailbox>.Instance);
            await mailbox.SendAsync(new EmailMessage("ada@example.com", "Hi", "Body"), default);

            var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(directory)))).RootElement;
            Assert.Equal(("ada@example.com", "Hi", "Body"), (json.GetProperty("to").GetString(), json.GetProperty("subject").GetString(), json.GetProperty("textBody").GetString()));
            Assert.Equal(clock.GetUtcNow(), json.GetProperty("sentAt").GetDateTimeOffset());
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
