using Dapper;
using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class PasswordResetTests(FowergramApp app)
{
    private const string Subject = "Reset your";
    private const string NewPassword = "Brand-new-secret-7";

    private async Task<string> RequestTokenAsync(TestAccount account)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email })).StatusCode);
        return await TestMailbox.TokenAsync(app, account, Subject);
    }

    private Task<HttpResponseMessage> ResetAsync(string token, string newPassword = NewPassword) =>
        app.Client.PostJsonAsync("/api/v1/auth/password/reset", new { token, newPassword });

    [Fact]
    public async Task Reset_replaces_the_password()
    {
        var account = await app.Client.RegisterAsync();
        var token = await RequestTokenAsync(account);
        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(token)).StatusCode);

        await app.Client.LoginAsync(account.Username, NewPassword);
        var old = await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, account.Password });
        await old.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<HttpResponseMessage> DeleteAccountAsync(TestAccount account) =>
        app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = account.Password }, account.AccessToken);

    private static async Task ExecAsync(string sql, object args)
    {
        await using var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    /// <summary>
    /// A deleted account is restored by its owner's sign-in within the grace (docs/accounts.md "Restoring"); an owner who forgot
    /// the password resets it as anyone does, and the sign-in with the new one restores it. Until session 57 the reset mailed
    /// nothing for a deleted account, and its owner could not come back without the password (a passkey aside).
    /// </summary>
    [Fact]
    public async Task A_deleted_account_within_its_grace_resets_its_password_and_the_sign_in_with_it_restores_it()
    {
        var account = await app.Client.RegisterAsync();
        await (await DeleteAccountAsync(account)).ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(await RequestTokenAsync(account))).StatusCode);
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, account.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var (access, _) = await app.Client.LoginAsync(account.Username, NewPassword);
        Assert.Equal(account.Id, (await app.Client.MeAsync(access)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_deleted_account_past_its_grace_or_being_purged_is_mailed_no_reset_and_its_link_stops_working()
    {
        var (late, purged) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        await (await DeleteAccountAsync(late)).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await DeleteAccountAsync(purged)).ReadJsonAsync(HttpStatusCode.Accepted);
        var token = await RequestTokenAsync(purged);
        await ExecAsync("UPDATE users SET purge_started_at = deleted_at WHERE id = @id", new { id = purged.Id });
        await ExecAsync("UPDATE users SET deleted_at = deleted_at - interval '31 days' WHERE id = @id", new { id = late.Id });

        await (await ResetAsync(token)).AssertValidationErrorAsync("token");
        foreach (var account in new[] { late, purged })
        {
            var before = (await TestMailbox.DeliverAsync(app, account)).Count(m => m.Subject.Contains(Subject));
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email })).StatusCode);
            Assert.Equal(before, (await TestMailbox.DeliverAsync(app, account)).Count(m => m.Subject.Contains(Subject)));
        }
    }

    [Fact]
    public async Task Reset_mail_links_to_the_reset_page()
    {
        var account = await app.Client.RegisterAsync();
        await RequestTokenAsync(account);
        var mail = (await TestMailbox.DeliverAsync(app, account)).Last(m => m.Subject.Contains(Subject));
        Assert.Contains("http://localhost:7071/reset-password?token=", mail.TextBody);
    }

    [Fact]
    public async Task Reset_ends_every_session_of_the_account()
    {
        var account = await app.Client.RegisterAsync();
        var (_, second) = await app.Client.LoginAsync(account.Email, account.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(await RequestTokenAsync(account))).StatusCode);
        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.RefreshAsync(second)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reset_token_works_only_once()
    {
        var account = await app.Client.RegisterAsync();
        var token = await RequestTokenAsync(account);
        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(token)).StatusCode);
        await (await ResetAsync(token, "Another-new-secret-8")).AssertValidationErrorAsync("token");
        await app.Client.LoginAsync(account.Username, NewPassword);
    }

    [Fact]
    public async Task Using_one_reset_token_spends_the_older_ones_too()
    {
        var account = await app.Client.RegisterAsync();
        var (first, second) = await RequestTwoTokensAsync(account);

        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(second)).StatusCode);
        await (await ResetAsync(first, "Another-new-secret-8")).AssertValidationErrorAsync("token");
    }

    /// <summary>
    /// Each reset takes the account's row before its link, as a password change and an e-mail revert do before they spend the
    /// account's reset links: taken after, two resets of one account at once each held its own link and waited for the
    /// other's (spending the other links), and a change or revert held the row and waited for a link a reset held while that
    /// reset waited for the row — deadlocks, answered 503.
    /// </summary>
    [Fact]
    public async Task Two_links_used_at_once_wait_for_the_account_before_they_hold_a_link()
    {
        var account = await app.Client.RegisterAsync();
        var (first, second) = await RequestTwoTokensAsync(account);
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM users WHERE id = @Id FOR NO KEY UPDATE", new { account.Id }, hold);

        var resets = new List<Task<HttpResponseMessage>> { ResetAsync(first) };
        var firstBackend = await TransactionRace.BlockedByAsync(db, holder.ProcessID, resets[0]);
        Assert.NotNull(firstBackend);
        await using (var probe = await db.OpenConnectionAsync())
            Assert.Equal(2L, await probe.ExecuteScalarAsync<long>("""
                SELECT count(*) FROM (SELECT 1 FROM password_resets WHERE user_id = @Id AND used_at IS NULL FOR UPDATE SKIP LOCKED) unlocked
                """, new { account.Id })); // both links still free while the reset waits
        resets.Add(ResetAsync(second, "Another-new-secret-8"));
        await TransactionRace.WaitInLineAsync(db, resets[1], holder.ProcessID, firstBackend.Value);
        await hold.CommitAsync();

        var answers = await Task.WhenAll(resets);
        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, $"A reset answered {(int)a.StatusCode}."));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent); // the other found its link spent with the first
    }

    private async Task<(string First, string Second)> RequestTwoTokensAsync(TestAccount account)
    {
        var first = await RequestTokenAsync(account);
        await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email });
        var mails = await TestMailbox.DeliverAsync(app, account);
        return (first, mails.Where(m => m.Subject.Contains(Subject)).Select(TestMailbox.TokenIn).Single(t => t != first));
    }

    [Fact]
    public async Task Weak_new_password_is_refused_and_leaves_the_token_usable()
    {
        var account = await app.Client.RegisterAsync();
        var token = await RequestTokenAsync(account);
        await (await ResetAsync(token, "short")).AssertValidationErrorAsync("newPassword");
        await (await ResetAsync(token, account.Username + "!X")).AssertValidationErrorAsync("newPassword");
        await (await ResetAsync(token, "")).AssertValidationErrorAsync("newPassword");
        await app.Client.LoginAsync(account.Username, account.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(token)).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_or_malformed_token_is_a_400_on_token(string token)
    {
        await (await ResetAsync(token)).AssertValidationErrorAsync("token");
    }

    [Fact]
    public async Task Forgot_answers_202_for_an_unknown_address_and_sends_nothing()
    {
        var email = $"{TestAccounts.NewUsername()}@example.com";
        var outboxBefore = await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = @type", new { type = AccountEvents.PasswordResetRequested });
        var response = await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var outboxAfter = await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = @type", new { type = AccountEvents.PasswordResetRequested });
        Assert.Equal(outboxBefore, outboxAfter);
        Assert.Empty(TestMailbox.MailsTo(email));
    }

    [Fact]
    public async Task Forgot_answers_the_same_for_known_and_unknown_addresses()
    {
        var account = await app.Client.RegisterAsync();
        var known = await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email.ToUpperInvariant() });
        var unknown = await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = $"{TestAccounts.NewUsername()}@example.com" });
        Assert.Equal((HttpStatusCode.Accepted, ""), (known.StatusCode, await known.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.Accepted, ""), (unknown.StatusCode, await unknown.Content.ReadAsStringAsync()));
        Assert.Contains(await TestMailbox.DeliverAsync(app, account), m => m.Subject.Contains(Subject));
    }

    [Fact]
    public async Task Forgot_for_a_disabled_account_sends_nothing()
    {
        var account = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { account.Id });
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email })).StatusCode);
        Assert.DoesNotContain(await TestMailbox.DeliverAsync(app, account), m => m.Subject.Contains(Subject));
    }

    [Fact]
    public async Task Forgot_with_a_malformed_address_is_a_400()
    {
        await (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = "nope" })).AssertValidationErrorAsync("email");
    }
}
