using System.Net;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Changing the e-mail address (migration 0144): the password is asked, the link mailed to the new address changes it, and
/// the old address is told; a newer request replaces an older one.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EmailChangeTests(FowergramApp app)
{
    private static string NewAddress() => $"new-{Guid.NewGuid():N}@example.com";

    private Task<HttpResponseMessage> ChangeAsync(TestAccount account, object body) =>
        app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email", body, account.AccessToken);

    private Task<HttpResponseMessage> VerifyAsync(string token) => app.Client.PostJsonAsync("/api/v1/auth/email/verify", new { token });

    /// <summary>Delivers the account's change mails and answers those sent to <paramref name="address"/>, oldest first.</summary>
    private async Task<IReadOnlyList<TestMail>> MailsToAsync(TestAccount account, string address)
    {
        await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.EmailChangeRequested, AccountEvents.EmailChanged,
            AccountEvents.EmailVerificationRequested);
        return TestMailbox.MailsTo(address);
    }

    [Fact]
    public async Task The_link_mailed_to_the_new_address_changes_it_and_the_old_address_is_told()
    {
        var account = await app.Client.RegisterAsync();
        var address = NewAddress();
        var pending = await (await ChangeAsync(account, new { email = $"  {address.ToUpperInvariant()} ", password = account.Password }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(account.Email, pending.GetProperty("email").GetString());
        Assert.Equal(address, pending.GetProperty("pendingEmail").GetString());
        // Until confirmed, nothing changes: log-in is by the old address.
        await app.Client.LoginAsync(account.Email, account.Password);

        var mail = Assert.Single(await MailsToAsync(account, address));
        Assert.Equal(AccountMails.ChangeSubject, mail.Subject);
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(TestMailbox.TokenIn(mail))).StatusCode);

        var now = await (await app.Client.GetAsync("/api/v1/users/me/email", account.AccessToken)).ReadJsonAsync();
        Assert.Equal(address, now.GetProperty("email").GetString());
        Assert.True(now.GetProperty("isVerified").GetBoolean());
        Assert.False(now.TryGetProperty("pendingEmail", out _));
        await app.Client.LoginAsync(address, account.Password);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Email, password = account.Password })).StatusCode);
        var notice = (await MailsToAsync(account, account.Email)).Single(m => m.Subject == AccountMails.EmailChangedSubject);
        Assert.Contains(AccountMails.Mask(address), notice.TextBody);
        Assert.DoesNotContain(address, notice.TextBody);
        Assert.Equal(HttpStatusCode.BadRequest, (await VerifyAsync(TestMailbox.TokenIn(mail))).StatusCode); // once only
    }

    [Fact]
    public async Task A_change_whose_link_expired_is_no_longer_shown_pending()
    {
        var account = await app.Client.RegisterAsync();
        var address = NewAddress();
        await (await ChangeAsync(account, new { email = address, password = account.Password })).ReadJsonAsync(HttpStatusCode.Accepted);
        async Task<System.Text.Json.JsonElement> EmailAsync() => await (await app.Client.GetAsync("/api/v1/users/me/email", account.AccessToken)).ReadJsonAsync();
        Assert.Equal(address, (await EmailAsync()).GetProperty("pendingEmail").GetString()); // the link is not minted yet
        var mail = Assert.Single(await MailsToAsync(account, address));
        Assert.Equal(address, (await EmailAsync()).GetProperty("pendingEmail").GetString()); // minted, still good

        await using (var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE email_verifications SET created_at = @at - interval '1 day', expires_at = @at WHERE user_id = @id AND email_change_id IS NOT NULL",
                new { at = app.Clock.GetUtcNow(), id = account.Id });

        // Nothing can complete it now but a new request: until session 57 it was shown pending for ever.
        Assert.False((await EmailAsync()).TryGetProperty("pendingEmail", out _));
        await (await VerifyAsync(TestMailbox.TokenIn(mail))).AssertValidationErrorAsync("token");
        var again = await (await ChangeAsync(account, new { email = address, password = account.Password })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(address, again.GetProperty("pendingEmail").GetString());
    }

    [Fact]
    public async Task A_newer_request_replaces_the_older_ones_link()
    {
        var account = await app.Client.RegisterAsync();
        var (first, second) = (NewAddress(), NewAddress());
        await (await ChangeAsync(account, new { email = first, password = account.Password })).ReadJsonAsync(HttpStatusCode.Accepted);
        var firstMail = Assert.Single(await MailsToAsync(account, first));
        app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // the export lists requests in the order they were made
        await (await ChangeAsync(account, new { email = second, password = account.Password })).ReadJsonAsync(HttpStatusCode.Accepted);

        await (await VerifyAsync(TestMailbox.TokenIn(firstMail))).AssertValidationErrorAsync("token");
        Assert.Equal(account.Email, (await (await app.Client.GetAsync("/api/v1/users/me/email", account.AccessToken)).ReadJsonAsync())
            .GetProperty("email").GetString());
        var secondMail = Assert.Single(await MailsToAsync(account, second));
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(TestMailbox.TokenIn(secondMail))).StatusCode);
        var changes = (await (await app.Client.GetAsync("/api/v1/users/me/export", account.AccessToken)).ReadJsonAsync())
            .GetProperty("emailChanges").EnumerateArray().ToList();
        Assert.Equal([first, second], changes.Select(c => c.GetProperty("newEmail").GetString()));
        Assert.True(changes[0].TryGetProperty("cancelledAt", out _));
        Assert.True(changes[1].TryGetProperty("confirmedAt", out _));
    }

    [Fact]
    public async Task Bad_requests_change_nothing_and_an_address_taken_meanwhile_is_refused_at_confirmation()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        await (await ChangeAsync(account, new { email = NewAddress(), password = "wrong-password-1" })).AssertValidationErrorAsync("password");
        await (await ChangeAsync(account, new { email = NewAddress() })).AssertValidationErrorAsync("password");
        await (await ChangeAsync(account, new { email = "not-an-address", password = account.Password })).AssertValidationErrorAsync("email");
        await (await ChangeAsync(account, new { password = account.Password })).AssertValidationErrorAsync("email");
        await (await ChangeAsync(account, new { email = other.Email, password = account.Password })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await ChangeAsync(account, new { email = account.Email.ToUpperInvariant(), password = account.Password }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email", new { email = NewAddress(), password = "x" })).StatusCode);
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM email_changes WHERE user_id = @Id", new { account.Id }));

        var address = NewAddress();
        await (await ChangeAsync(account, new { email = address, password = account.Password })).ReadJsonAsync(HttpStatusCode.Accepted);
        var mail = Assert.Single(await MailsToAsync(account, address));
        await app.Client.RegisterAsync(email: address); // someone takes it before the link is used
        await (await VerifyAsync(TestMailbox.TokenIn(mail))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(account.Email, (await (await app.Client.GetAsync("/api/v1/users/me/email", account.AccessToken)).ReadJsonAsync())
            .GetProperty("email").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_password_change_or_reset_cancels_the_pending_change_so_its_link_no_longer_works(bool reset)
    {
        // Whoever asked for the change with a stolen password reads the new mailbox; the owner's new password must end it,
        // as it ends their sessions and reset links: the link needs no session, and would hand them the account.
        var account = await app.Client.RegisterAsync();
        var address = NewAddress();
        Assert.Equal(HttpStatusCode.Accepted, (await ChangeAsync(account, new { email = address, password = account.Password })).StatusCode);
        var link = TestMailbox.TokenIn(Assert.Single(await MailsToAsync(account, address)));

        const string newPassword = "Owner-took-it-back-9";
        if (reset)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email })).StatusCode);
            var token = await TestMailbox.TokenAsync(app, account, "Reset your");
            Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostJsonAsync("/api/v1/auth/password/reset", new { token, newPassword })).StatusCode);
        }
        else
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/password",
                new { currentPassword = account.Password, newPassword }, account.AccessToken)).StatusCode);

        await (await VerifyAsync(link)).AssertValidationErrorAsync("token");
        var (signedIn, _) = await app.Client.LoginAsync(account.Email, newPassword);
        var now = await (await app.Client.GetAsync("/api/v1/users/me/email", signedIn)).ReadJsonAsync();
        Assert.Equal(account.Email, now.GetProperty("email").GetString());
        Assert.False(now.TryGetProperty("pendingEmail", out _));
    }

    /// <summary>
    /// A reset link mailed to the old address before the change must die with it: the change is the owner moving the account to
    /// a mailbox only they read, and a link still sitting in the old one (perhaps a mailbox the owner lost, or the reason for the
    /// move) would hand the account to whoever reads it. The revert link to the old address stays, by design (EmailRevertTests).
    /// Until session 58 such a reset link still set a new password after the change.
    /// </summary>
    [Fact]
    public async Task A_confirmed_change_ends_reset_links_mailed_to_the_old_address()
    {
        var account = await app.Client.RegisterAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email })).StatusCode);
        var resetToken = await TestMailbox.TokenAsync(app, account, "Reset your");
        var address = NewAddress();
        await (await ChangeAsync(account, new { email = address, password = account.Password })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(TestMailbox.TokenIn(Assert.Single(await MailsToAsync(account, address))))).StatusCode);

        await (await app.Client.PostJsonAsync("/api/v1/auth/password/reset", new { token = resetToken, newPassword = "Someone-else-took-it-4" }))
            .AssertValidationErrorAsync("token");
        await app.Client.LoginAsync(address, account.Password);
        // The old mailbox keeps its way to undo the change (docs/accounts.md "Securing the account from the old address").
        var notice = (await MailsToAsync(account, account.Email)).Single(m => m.Subject == AccountMails.EmailChangedSubject);
        Assert.Contains("secure-account?token=", notice.TextBody);
    }

    /// <summary>
    /// A reset mail minted while an address change commits: email-delivery reads the account's row FOR SHARE before it mints
    /// the link, so it waits for the change and then mails the new address. Until session 58 it read the old address, and its
    /// link, inserted after the change had spent the account's links, reached the old mailbox and worked.
    /// </summary>
    [Fact]
    public async Task A_reset_mail_sent_while_the_address_changes_goes_to_the_new_address()
    {
        var account = await app.Client.RegisterAsync();
        var address = NewAddress();
        var db = await TestDatabase.GetAsync();
        await using var confirming = await db.OpenConnectionAsync();
        await using var tx = await confirming.BeginTransactionAsync();
        // The confirmation's first step (VerificationApi.ConfirmChangeAsync): the account's row.
        await confirming.ExecuteAsync("SELECT 1 FROM users WHERE id = @id FOR NO KEY UPDATE", new { id = account.Id }, tx);
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email })).StatusCode);
        var delivery = TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.PasswordResetRequested);
        await TransactionRace.WaitUntilBlockedByAsync(db, confirming.ProcessID, delivery);
        await confirming.ExecuteAsync("UPDATE users SET email = @address WHERE id = @id", new { address, id = account.Id }, tx);
        await tx.CommitAsync();
        await delivery;

        Assert.DoesNotContain(TestMailbox.MailsTo(account.Email), m => m.Subject.Contains("Reset your"));
        Assert.Contains(TestMailbox.MailsTo(address), m => m.Subject.Contains("Reset your"));
    }
}
