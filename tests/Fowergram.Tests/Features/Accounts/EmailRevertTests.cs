using Dapper;
using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Securing the account from the old address (migration 0145): the notice of a confirmed e-mail change carries a link that,
/// within EmailRevertApi.Window, puts the old address back with a new password, ends every session and turns two-factor
/// off; until the window ends nobody else may take the old address.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EmailRevertTests(FowergramApp app)
{
    private const string NewPassword = "Reclaimed-account-9";

    private static string NewAddress() => $"taker-{Guid.NewGuid():N}@example.com";

    private Task<HttpResponseMessage> RevertAsync(object body) => app.Client.PostJsonAsync("/api/v1/auth/email/revert", body);

    private async Task<IReadOnlyList<TestMail>> MailsToAsync(TestAccount account, string address)
    {
        await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.EmailChangeRequested, AccountEvents.EmailChanged,
            AccountEvents.EmailChangeReverted, AccountEvents.EmailVerificationRequested);
        return TestMailbox.MailsTo(address);
    }

    /// <summary>Someone with the password moves the account to <paramref name="address"/>; answers the revert token mailed to the old address.</summary>
    private async Task<string> TakeOverAsync(TestAccount account, string address)
    {
        await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email", new { email = address, password = account.Password },
            account.AccessToken)).ReadJsonAsync(HttpStatusCode.Accepted);
        var confirm = Assert.Single(await MailsToAsync(account, address));
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostJsonAsync("/api/v1/auth/email/verify", new { token = TestMailbox.TokenIn(confirm) })).StatusCode);
        var notice = (await MailsToAsync(account, account.Email)).Single(m => m.Subject == AccountMails.EmailChangedSubject);
        Assert.Contains("/secure-account?token=", notice.TextBody);
        return TestMailbox.TokenIn(notice);
    }

    [Fact]
    public async Task The_old_address_link_puts_it_back_with_a_new_password_ends_every_session_and_turns_two_factor_off()
    {
        var account = await app.Client.RegisterAsync();
        var taker = NewAddress();
        using var takersKey = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, takersKey); // the taker adds a passkey of their own, too
        var token = await TakeOverAsync(account, taker);
        // The taker turns two-factor on with their own app.
        await AccountsDb.ExecuteAsync("""
            INSERT INTO account_two_factor (user_id, secret_sealed, enabled_at) VALUES (@Id, decode(repeat('ab', 40), 'hex'), now());
            INSERT INTO two_factor_recovery_codes (user_id, code_hash) VALUES (@Id, encode(sha256('code'::bytea), 'hex'));
            """, new { account.Id });

        var answers = await Task.WhenAll(RevertAsync(new { token, newPassword = NewPassword }), RevertAsync(new { token, newPassword = NewPassword }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        await Assert.Single(answers, a => a.StatusCode != HttpStatusCode.NoContent).AssertValidationErrorAsync("token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/api/v1/users/me", account.AccessToken)).StatusCode);
        foreach (var (login, password) in new[] { (taker, NewPassword), (account.Email, account.Password) })
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login, password })).StatusCode);
        var (access, _) = await app.Client.LoginAsync(account.Email, NewPassword); // no code asked: two-factor is off
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PasskeySignInAsync(takersKey)).StatusCode); // and the taker's passkey is gone
        var email = await (await app.Client.GetAsync("/api/v1/users/me/email", access)).ReadJsonAsync();
        Assert.Equal((account.Email, true), (email.GetProperty("email").GetString(), email.GetProperty("isVerified").GetBoolean()));
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM account_two_factor WHERE user_id = @Id) + (SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = @Id)",
            new { account.Id }));

        var secured = (await MailsToAsync(account, account.Email)).Single(m => m.Subject == AccountMails.EmailChangeRevertedSubject);
        Assert.Contains("signed out", secured.TextBody);
        Assert.DoesNotContain(TestMailbox.MailsTo(taker), m => m.Subject == AccountMails.EmailChangeRevertedSubject);
        var change = Assert.Single((await (await app.Client.GetAsync("/api/v1/users/me/export", access)).ReadJsonAsync())
            .GetProperty("emailChanges").EnumerateArray());
        Assert.True(change.TryGetProperty("revertedAt", out _));
        await (await RevertAsync(new { token, newPassword = NewPassword + "x" })).AssertValidationErrorAsync("token"); // once only
    }

    [Fact]
    public async Task A_pending_change_and_pending_reset_links_of_the_taker_die_with_the_revert()
    {
        var account = await app.Client.RegisterAsync();
        var taker = NewAddress();
        var token = await TakeOverAsync(account, taker);
        var next = NewAddress();
        await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email", new { email = next, password = account.Password },
            account.AccessToken)).ReadJsonAsync(HttpStatusCode.Accepted);
        var nextMail = Assert.Single(await MailsToAsync(account, next));
        await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = taker });
        await TestMailbox.DeliverAsync(app, account);
        var reset = TestMailbox.TokenIn(TestMailbox.MailsTo(taker).Last(m => m.Subject.Contains("reset", StringComparison.OrdinalIgnoreCase)));

        Assert.Equal(HttpStatusCode.NoContent, (await RevertAsync(new { token, newPassword = NewPassword })).StatusCode);
        await (await app.Client.PostJsonAsync("/api/v1/auth/email/verify", new { token = TestMailbox.TokenIn(nextMail) })).AssertValidationErrorAsync("token");
        await (await app.Client.PostJsonAsync("/api/v1/auth/password/reset", new { token = reset, newPassword = "Taker-wins-again-7" }))
            .AssertValidationErrorAsync("token");
        await app.Client.LoginAsync(account.Email, NewPassword);
    }

    /// <summary>
    /// A taker who moves the account on again (A to B to C) holds the second change's link, mailed to B. The owner's revert of
    /// the first change must kill it, or the taker undoes the owner's revert and has the account back. The taker using it
    /// first must not kill the owner's link.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_owners_revert_kills_the_links_of_the_takers_later_changes(bool takerRevertsFirst)
    {
        var account = await app.Client.RegisterAsync();
        var (ownersLink, takersLink) = await TakeOverTwiceAsync(account);

        if (takerRevertsFirst) Assert.Equal(HttpStatusCode.NoContent, (await RevertAsync(new { token = takersLink, newPassword = TakersPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RevertAsync(new { token = ownersLink, newPassword = NewPassword })).StatusCode);
        await (await RevertAsync(new { token = takersLink, newPassword = TakersPassword })).AssertValidationErrorAsync("token");

        await AssertTheOwnerHasItAsync(account);
    }

    /// <summary>
    /// Both links used at once. Each revert takes the account's row before its link, as every change of the account's
    /// credentials does: taken after the link, the owner's revert (which spends the later change's link) waited for the
    /// taker's, which held that link and waited for the account's row — a deadlock, and one of the two answered 503.
    /// </summary>
    [Fact]
    public async Task The_owners_and_the_takers_reverts_at_once_wait_for_the_account_before_they_hold_a_link()
    {
        var account = await app.Client.RegisterAsync();
        var (ownersLink, takersLink) = await TakeOverTwiceAsync(account);
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM users WHERE id = @Id FOR NO KEY UPDATE", new { account.Id }, hold);

        var takers = RevertAsync(new { token = takersLink, newPassword = TakersPassword });
        var takersBackend = await TransactionRace.BlockedByAsync(db, holder.ProcessID, takers);
        Assert.NotNull(takersBackend);
        await using (var probe = await db.OpenConnectionAsync())
            Assert.Equal(2L, await probe.ExecuteScalarAsync<long>("""
                SELECT count(*) FROM (SELECT 1 FROM email_change_reverts r JOIN email_changes c ON c.id = r.email_change_id
                                       WHERE c.user_id = @Id AND r.used_at IS NULL FOR UPDATE OF r SKIP LOCKED) unlocked
                """, new { account.Id })); // both links still free while the taker's revert waits
        var owners = RevertAsync(new { token = ownersLink, newPassword = NewPassword });
        await TransactionRace.WaitInLineAsync(db, owners, holder.ProcessID, takersBackend.Value);
        await hold.CommitAsync();

        foreach (var answer in await Task.WhenAll(takers, owners))
            Assert.True((int)answer.StatusCode < 500, $"A revert answered {(int)answer.StatusCode}.");
        await AssertTheOwnerHasItAsync(account);
    }

    private const string TakersPassword = "Taker-wins-again-7";

    /// <summary>The taker moves the account on twice (A to B to C): answers the owner's link (mailed to A) and the taker's (to B).</summary>
    private async Task<(string OwnersLink, string TakersLink)> TakeOverTwiceAsync(TestAccount account)
    {
        var (first, second) = (NewAddress(), NewAddress());
        var ownersLink = await TakeOverAsync(account, first);
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // the second change is confirmed later, as it is in life
        await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email", new { email = second, password = account.Password },
            account.AccessToken)).ReadJsonAsync(HttpStatusCode.Accepted);
        var confirm = Assert.Single(await MailsToAsync(account, second));
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostJsonAsync("/api/v1/auth/email/verify", new { token = TestMailbox.TokenIn(confirm) })).StatusCode);
        return (ownersLink, TestMailbox.TokenIn((await MailsToAsync(account, first)).Single(m => m.Subject == AccountMails.EmailChangedSubject)));
    }

    private async Task AssertTheOwnerHasItAsync(TestAccount account)
    {
        var (access, _) = await app.Client.LoginAsync(account.Email, NewPassword);
        Assert.Equal(account.Email, (await (await app.Client.GetAsync("/api/v1/users/me/email", access)).ReadJsonAsync()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task The_old_address_is_held_for_its_owner_until_the_window_ends_and_then_the_link_is_dead()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var token = await TakeOverAsync(account, NewAddress());

        await (await app.Client.PostJsonAsync("/api/v1/auth/register",
            new { email = account.Email.ToUpperInvariant(), username = TestAccounts.NewUsername("h"), password = "Long-enough-pass-1", fullName = "H" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email", new { email = account.Email, password = other.Password },
            other.AccessToken)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM email_changes WHERE user_id = @Id", new { other.Id }));

        await AccountsDb.ExecuteAsync("""
            UPDATE email_changes SET requested_at = requested_at - @window, confirmed_at = confirmed_at - @window WHERE user_id = @Id;
            UPDATE email_change_reverts r SET created_at = created_at - @window, expires_at = expires_at - @window
              FROM email_changes c WHERE c.id = r.email_change_id AND c.user_id = @Id;
            """, new { account.Id, window = EmailRevertApi.Window + TimeSpan.FromMinutes(1) });
        await (await RevertAsync(new { token, newPassword = NewPassword })).AssertValidationErrorAsync("token");
        await app.Client.RegisterAsync(email: account.Email); // free once the window is over
    }

    [Fact]
    public async Task Bad_requests_change_nothing_and_a_weak_password_leaves_the_link_usable()
    {
        var account = await app.Client.RegisterAsync();
        var taker = NewAddress();
        var token = await TakeOverAsync(account, taker);

        var empty = await (await RevertAsync(new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("token", out _) && empty.GetProperty("errors").TryGetProperty("newPassword", out _));
        await (await RevertAsync(new { token = "not a token", newPassword = NewPassword })).AssertValidationErrorAsync("token");
        await (await RevertAsync(new { token = SecretToken.New(), newPassword = NewPassword })).AssertValidationErrorAsync("token");
        await (await RevertAsync(new { token, newPassword = "short" })).AssertValidationErrorAsync("newPassword");
        await (await RevertAsync(new { token, newPassword = account.Username + "-1234" })).AssertValidationErrorAsync("newPassword");
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PostAsync("/api/v1/auth/email/revert",
            new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(taker, await AccountsDb.ScalarAsync<string>("SELECT email FROM users WHERE id = @Id", new { account.Id }));

        Assert.Equal(HttpStatusCode.NoContent, (await RevertAsync(new { token, newPassword = NewPassword })).StatusCode);
        Assert.Equal(account.Email, await AccountsDb.ScalarAsync<string>("SELECT email FROM users WHERE id = @Id", new { account.Id }));
    }
}
