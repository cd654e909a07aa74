using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Server.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Infrastructure;

public sealed record TestMail(string To, string Subject, string TextBody, DateTimeOffset SentAt);

/// <summary>
/// The Server host's file mailbox, shared by every <see cref="FowergramApp"/> of this test run: any
/// host's relay and dispatcher may deliver an event, so the mail must land where every test can read it.
/// </summary>
public static partial class TestMailbox
{
    public static string Directory { get; } = CreateDirectory();

    public static IReadOnlyList<TestMail> MailsTo(string to) =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.json")
                .OrderBy(File.GetLastWriteTimeUtc) // real time: hosts' test clocks differ and may stand still
                .Select(f => JsonSerializer.Deserialize<TestMail>(File.ReadAllText(f), JsonSerializerOptions.Web)!)
                .Where(m => string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase))
                .ToList()
            : [];

    /// <summary>
    /// Drives the event pipeline, then waits (polling, with a deadline) until the mail consumer has
    /// processed every event about <paramref name="account"/>: another host may have claimed one and
    /// still be sending it. Returns the mails the account received, oldest first.
    /// </summary>
    public static Task<IReadOnlyList<TestMail>> DeliverAsync(FowergramApp app, TestAccount account) =>
        DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.EmailVerificationRequested, AccountEvents.PasswordResetRequested,
            AccountEvents.PasswordChanged);

    /// <summary>As above, for the mail events of <paramref name="types"/> handled by <paramref name="consumer"/> (payload userId).</summary>
    public static async Task<IReadOnlyList<TestMail>> DeliverAsync(FowergramApp app, TestAccount account, string consumer, params string[] types)
    {
        await app.Services.GetRequiredService<EventPipeline>().DrainAsync();
        var db = await TestDatabase.GetAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var conn = await db.OpenConnectionAsync())
            {
                var pending = await conn.ExecuteScalarAsync<long>("""
                    SELECT count(*) FROM outbox o
                    WHERE o.payload->>'userId' = @userId AND o.type = ANY(@types)
                      AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = @consumer AND p.event_id = o.id)
                      AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.consumer = @consumer AND d.event_id = o.id)
                    """, new
                {
                    userId = account.Id.ToString(), consumer, types,
                });
                if (pending == 0) return MailsTo(account.Email);
            }
            Assert.True(DateTime.UtcNow < deadline, $"Mail events for {account.Email} were not delivered within 30 s.");
            await Task.Delay(25);
        }
    }

    /// <summary>The one-time token in the newest mail to the account whose subject contains <paramref name="subject"/>.</summary>
    public static async Task<string> TokenAsync(FowergramApp app, TestAccount account, string subject)
    {
        var mail = (await DeliverAsync(app, account)).LastOrDefault(m => m.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase));
        Assert.True(mail is not null, $"No mail about '{subject}' reached {account.Email}.");
        return TokenIn(mail);
    }

    public static string TokenIn(TestMail mail)
    {
        var match = LinkToken().Match(mail.TextBody);
        Assert.True(match.Success, $"No token link in: {mail.TextBody}");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    private static string CreateDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fowergram-tests", "mailbox-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { System.IO.Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        };
        return directory;
    }

    [GeneratedRegex(@"[?&]token=([A-Za-z0-9_%-]+)")]
    private static partial Regex LinkToken();
}
