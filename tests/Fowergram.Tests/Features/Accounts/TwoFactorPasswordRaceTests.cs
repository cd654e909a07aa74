using System.Net;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Turning two-factor off and renewing the recovery codes prove the owner by the password and a code. A password change,
/// reset or revert committing after the password was checked and before the change's transaction replaced that proof —
/// typically the owner taking the account back from someone who had the old password, a session and a recovery code. Until
/// 2026-12-07 both went through anyway: the old password removed the owner's factor (or renewed its codes for the taker).
/// Both now answer the 409 of the other sensitive changes, change nothing, and leave the code for the owner. The interleaving
/// is forced by <see cref="CommitTrigger"/>: the new password lands with the commit of the check's own login-throttle count,
/// after the check read the hash and before it tries the password.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TwoFactorPasswordRaceTests(FowergramApp app)
{
    private const string OwnersPassword = "Taken-back-2026";

    private Task<HttpResponseMessage> WithPasswordReplacedAsync(TestAccount account, Func<Task<HttpResponseMessage>> request)
    {
        var hash = app.Services.GetRequiredService<PasswordHasher>().Hash(OwnersPassword).Replace("'", "''");
        return CommitTrigger.WithAsync("login_throttles", $"NEW.user_id = '{account.Id}'",
            $"UPDATE users SET hashed_password = '{hash}' WHERE id = NEW.user_id", request);
    }

    private Task<HttpResponseMessage> OwnerLoginAsync(TestAccount account, string code) =>
        app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = OwnersPassword, code });

    private async Task<bool> TwoFactorOnAsync(TestAccount account) =>
        await app.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM account_two_factor WHERE user_id = @id AND enabled_at IS NOT NULL)", new { id = account.Id });

    [Fact]
    public async Task Turning_it_off_with_a_password_replaced_meanwhile_is_refused_and_the_factor_stays()
    {
        var account = await app.Client.RegisterAsync();
        var (_, recovery) = await TwoFactorTests.TurnOnAsync(app, account);

        var response = await WithPasswordReplacedAsync(account, () => app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor",
            new { password = account.Password, code = recovery[0] }, account.AccessToken));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(await TwoFactorOnAsync(account));
        Assert.Equal(10L, await app.ScalarAsync<long>("SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = @id AND used_at IS NULL",
            new { id = account.Id }));
        (await OwnerLoginAsync(account, recovery[0])).EnsureSuccessStatusCode(); // the refused request left its code unspent
    }

    [Fact]
    public async Task Renewing_the_codes_with_a_password_replaced_meanwhile_is_refused_and_the_codes_stay()
    {
        var account = await app.Client.RegisterAsync();
        var (_, recovery) = await TwoFactorTests.TurnOnAsync(app, account);

        var response = await WithPasswordReplacedAsync(account, () => app.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/users/me/two-factor/recovery-codes",
            new { password = account.Password, code = recovery[0] }, account.AccessToken));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(await TwoFactorOnAsync(account));
        (await OwnerLoginAsync(account, recovery[0])).EnsureSuccessStatusCode(); // neither spent nor replaced
        (await OwnerLoginAsync(account, recovery[9])).EnsureSuccessStatusCode();
    }
}
