using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Email;
using Fowergram.Platform.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>The consumer on its own, in a transaction the test controls, with a sender that records.</summary>
public sealed class EmailDeliveryConsumerTests
{
    private readonly TestClock _clock = new();
    private readonly RecordingSender _sender = new();

    private EmailDeliveryConsumer Consumer() => new(_sender, Options.Create(new AuthOptions()),
        Options.Create(new EmailOptions { LinkBaseUrl = "https://app.example/" }), _clock, NullLogger<EmailDeliveryConsumer>.Instance);

    private EventEnvelope Envelope(string type, Guid userId) =>
        new(Guid.CreateVersion7(), type, userId, System.Text.Json.JsonSerializer.SerializeToElement(new { userId }), _clock.GetUtcNow());

    private static async Task<(Guid Id, string Email)> InsertUserAsync(bool verified = false, bool active = true)
    {
        var id = Guid.CreateVersion7();
        var username = TestAccounts.NewUsername("m");
        await AccountsDb.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, is_active, email_verified_at)
            VALUES (@id, @email, @username, 'x', @active, CASE WHEN @verified THEN now() END)
            """, new { id, email = $"{username}@example.com", username, active, verified });
        return (id, $"{username}@example.com");
    }

    private async Task HandleInTransactionAsync(EventEnvelope envelope, bool commit = true)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Consumer().HandleAsync(envelope, conn, tx, default);
        if (commit) await tx.CommitAsync();
    }

    [Fact]
    public async Task Verification_event_stores_a_token_hash_and_mails_the_clear_token_in_a_link()
    {
        var (userId, email) = await InsertUserAsync();
        await HandleInTransactionAsync(Envelope(AccountEvents.EmailVerificationRequested, userId));

        var mail = Assert.Single(_sender.Sent);
        Assert.Equal(email, mail.To);
        Assert.Equal(AccountMails.VerificationSubject, mail.Subject);
        Assert.Contains("https://app.example/verify-email?token=", mail.TextBody);
        var token = TestMailbox.TokenIn(new TestMail(mail.To, mail.Subject, mail.TextBody, _clock.GetUtcNow()));
        var row = await AccountsDb.ScalarAsync<string>("SELECT token_hash || '|' || extract(epoch FROM expires_at - created_at)::int FROM email_verifications WHERE user_id = @userId", new { userId });
        Assert.Equal($"{SecretToken.Hash(token)}|{24 * 3600}", row);
    }

    [Fact]
    public async Task Reset_event_stores_a_one_hour_reset_token()
    {
        var (userId, _) = await InsertUserAsync(verified: true);
        await HandleInTransactionAsync(Envelope(AccountEvents.PasswordResetRequested, userId));

        var mail = Assert.Single(_sender.Sent);
        Assert.Equal(AccountMails.ResetSubject, mail.Subject);
        Assert.Contains("https://app.example/reset-password?token=", mail.TextBody);
        Assert.Equal(3600, await AccountsDb.ScalarAsync<int>(
            "SELECT extract(epoch FROM expires_at - created_at)::int FROM password_resets WHERE user_id = @userId", new { userId }));
    }

    [Fact]
    public async Task Nothing_is_sent_to_verified_disabled_or_unknown_accounts()
    {
        var (verified, _) = await InsertUserAsync(verified: true);
        var (disabled, _) = await InsertUserAsync(active: false);
        await HandleInTransactionAsync(Envelope(AccountEvents.EmailVerificationRequested, verified));
        await HandleInTransactionAsync(Envelope(AccountEvents.PasswordResetRequested, disabled));
        await HandleInTransactionAsync(Envelope(AccountEvents.PasswordResetRequested, Guid.CreateVersion7()));
        Assert.Empty(_sender.Sent);
        Assert.Equal(0, await AccountsDb.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM email_verifications WHERE user_id = ANY(@ids)) + (SELECT count(*) FROM password_resets WHERE user_id = ANY(@ids))",
            new { ids = new[] { verified, disabled } }));
    }

    [Fact]
    public async Task A_mail_the_sender_refuses_leaves_no_token_behind_so_the_retry_starts_clean()
    {
        var (userId, _) = await InsertUserAsync();
        _sender.FailNext = true;
        await Assert.ThrowsAsync<IOException>(() => HandleInTransactionAsync(Envelope(AccountEvents.EmailVerificationRequested, userId)));
        Assert.Equal(0, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM email_verifications WHERE user_id = @userId", new { userId }));
    }

    [Fact]
    public async Task Duplicate_delivery_through_the_runner_sends_one_mail()
    {
        var (userId, _) = await InsertUserAsync();
        var runner = new ConsumerRunner(await TestDatabase.GetAsync(), [Consumer()], NullLogger<ConsumerRunner>.Instance);
        var envelope = Envelope(AccountEvents.EmailVerificationRequested, userId);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => runner.RunAsync(EmailDeliveryConsumer.ConsumerName, envelope, default)));
        Assert.Equal(1, outcomes.Count(o => o == ConsumeOutcome.Applied));
        Assert.Single(_sender.Sent);
        Assert.Equal(1, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM email_verifications WHERE user_id = @userId", new { userId }));
    }

    [Fact]
    public void Handles_only_the_accounts_mail_events()
    {
        var consumer = Consumer();
        Assert.Equal("email-delivery", consumer.Name);
        Assert.True(consumer.Handles(AccountEvents.EmailVerificationRequested));
        Assert.True(consumer.Handles(AccountEvents.PasswordResetRequested));
        Assert.False(consumer.Handles("post.created"));
    }

    private sealed class RecordingSender : IEmailSender
    {
        public List<EmailMessage> Sent { get; } = [];
        public bool FailNext { get; set; }

        public Task SendAsync(EmailMessage message, CancellationToken ct)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("SMTP server refused the mail");
            }
            lock (Sent) Sent.Add(message);
            return Task.CompletedTask;
        }
    }
}
