using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Undoing someone else's two-factor sign-in (migration 0216): the mail that tells the owner the factor was turned on
/// carries a link that, within TwoFactorRevertApi.Window of it, removes the factor with a new password, ends every session
/// and removes the passkeys; turning the factor off or enrolling again voids the earlier enrolment's links.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TwoFactorRevertTests(FowergramApp app)
{
    private const string NewPassword = "Reclaimed-factor-9";

    private Task<HttpResponseMessage> RevertAsync(object body) => app.Client.PostJsonAsync("/api/v1/auth/two-factor/revert", body);

    private async Task<IReadOnlyList<TestMail>> NoticesAsync(TestAccount account, string subject) =>
        (await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.TwoFactorChanged))
            .Where(m => m.Subject == subject).ToList();

    /// <summary>
    /// Someone with the password and a session turns two-factor on with their app; answers the link's token from the notice
    /// and the recovery codes (the taker's).
    /// </summary>
    private async Task<(string Token, List<string> RecoveryCodes)> TakerTurnsItOnAsync(TestAccount account)
    {
        var (_, codes) = await TwoFactorTests.TurnOnAsync(app, account);
        var notice = (await NoticesAsync(account, AccountMails.TwoFactorOnSubject)).Last();
        Assert.Contains("/secure-two-factor?token=", notice.TextBody);
        return (TestMailbox.TokenIn(notice), codes);
    }

    private Task<HttpResponseMessage> LoginAsync(TestAccount account, string password) =>
        app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password });

    [Fact]
    public async Task The_link_in_the_on_notice_removes_the_factor_with_a_new_password_and_ends_every_session()
    {
        var account = await app.Client.RegisterAsync();
        using var takersKey = new SoftwareAuthenticator();
        await app.AddPasskeyAsync(account, takersKey);
        var (token, _) = await TakerTurnsItOnAsync(account);
        // Locked out: the password (even a reset one) signs in only with the taker's app's code.
        var asked = await (await LoginAsync(account, account.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True(asked.GetProperty("twoFactorRequired").GetBoolean());

        var answers = await Task.WhenAll(RevertAsync(new { token, newPassword = NewPassword }), RevertAsync(new { token, newPassword = NewPassword }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        await Assert.Single(answers, a => a.StatusCode != HttpStatusCode.NoContent).AssertValidationErrorAsync("token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/api/v1/users/me", account.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(account, account.Password)).StatusCode);
        (await LoginAsync(account, NewPassword)).EnsureSuccessStatusCode(); // no code asked: the factor is gone
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PasskeySignInAsync(takersKey)).StatusCode);
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM account_two_factor WHERE user_id = @Id) + (SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = @Id)
                 + (SELECT count(*) FROM two_factor_reverts WHERE user_id = @Id) + (SELECT count(*) FROM passkeys WHERE user_id = @Id)
            """, new { account.Id }));
        var secured = Assert.Single(await NoticesAsync(account, AccountMails.TwoFactorRevertedSubject));
        Assert.Contains("/settings/two-factor", secured.TextBody);
        await (await RevertAsync(new { token, newPassword = NewPassword + "x" })).AssertValidationErrorAsync("token"); // once only
    }

    [Fact]
    public async Task A_link_undoes_only_its_own_enrolment_within_the_window()
    {
        var account = await app.Client.RegisterAsync();
        var (first, codes) = await TakerTurnsItOnAsync(account);
        // Turned off and on again: the first enrolment's link went with it.
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor",
            new { password = account.Password, code = codes[0] }, account.AccessToken)).EnsureNoContentAsync();
        var (second, _) = await TakerTurnsItOnAsync(account);
        await (await RevertAsync(new { token = first, newPassword = NewPassword })).AssertValidationErrorAsync("token");

        // Past the window the second is dead too.
        await AccountsDb.ExecuteAsync("""
            UPDATE account_two_factor SET enabled_at = enabled_at - @window, created_at = created_at - @window WHERE user_id = @Id;
            UPDATE two_factor_reverts SET created_at = created_at - @window, expires_at = expires_at - @window WHERE user_id = @Id;
            """, new { account.Id, window = TwoFactorRevertApi.Window + TimeSpan.FromMinutes(1) });
        await (await RevertAsync(new { token = second, newPassword = NewPassword })).AssertValidationErrorAsync("token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(account, account.Password)).StatusCode); // still on
    }

    [Fact]
    public async Task A_notice_sent_after_the_window_carries_no_link()
    {
        var account = await app.Client.RegisterAsync();
        await TwoFactorTests.TurnOnAsync(app, account);
        // The notice in time carries its link. Any host's dispatcher may deliver it, so the window is moved only after it was
        // sent; the late notice is the same event delivered again (a copy, as a retried delivery would be) past the window.
        Assert.Contains("token=", Assert.Single(await NoticesAsync(account, AccountMails.TwoFactorOnSubject)).TextBody);
        await AccountsDb.ExecuteAsync("""
            UPDATE account_two_factor SET enabled_at = enabled_at - @window, created_at = created_at - @window WHERE user_id = @Id;
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at)
            SELECT @copy, type, actor_id, payload, now() FROM outbox WHERE type = @type AND payload->>'userId' = @Id::text;
            """, new { account.Id, window = TwoFactorRevertApi.Window + TimeSpan.FromMinutes(1), copy = Guid.CreateVersion7(), type = AccountEvents.TwoFactorChanged });
        var notices = await NoticesAsync(account, AccountMails.TwoFactorOnSubject);
        Assert.Equal(2, notices.Count);
        Assert.DoesNotContain("token=", notices[1].TextBody);
        Assert.Contains("contact support", notices[1].TextBody);
        Assert.Equal(1L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM two_factor_reverts WHERE user_id = @Id", new { account.Id }));
    }

    [Fact]
    public async Task Bad_requests_change_nothing_and_a_weak_password_leaves_the_link_usable()
    {
        var account = await app.Client.RegisterAsync();
        var (token, _) = await TakerTurnsItOnAsync(account);

        var empty = await (await RevertAsync(new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("token", out _) && empty.GetProperty("errors").TryGetProperty("newPassword", out _));
        await (await RevertAsync(new { token = "not a token", newPassword = NewPassword })).AssertValidationErrorAsync("token");
        await (await RevertAsync(new { token = SecretToken.New(), newPassword = NewPassword })).AssertValidationErrorAsync("token");
        await (await RevertAsync(new { token, newPassword = "short" })).AssertValidationErrorAsync("newPassword");
        await (await RevertAsync(new { token, newPassword = account.Username + "-1234" })).AssertValidationErrorAsync("newPassword");
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.PostAsync("/api/v1/auth/two-factor/revert",
            new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(1L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM account_two_factor WHERE user_id = @Id AND enabled_at IS NOT NULL",
            new { account.Id }));
        (await app.Client.GetAsync("/api/v1/users/me", account.AccessToken)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await RevertAsync(new { token, newPassword = NewPassword })).StatusCode);
        (await LoginAsync(account, NewPassword)).EnsureSuccessStatusCode();
    }
}
