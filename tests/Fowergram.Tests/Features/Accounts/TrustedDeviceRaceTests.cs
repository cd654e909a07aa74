using System.Net;
using System.Text.Json;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// A trusted device stands in for the code of the factor it was trusted under, and goes with it. Until 2026-12-07 a login
/// whose code was checked just before two-factor went off stored its device after the factor's devices were deleted: the
/// device outlived the factor, and once two-factor was turned on again it skipped the new factor's code.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TrustedDeviceRaceTests(FowergramApp app)
{
    // What turning it off deletes (TwoFactorApi.Remove), for the account of the row that triggered it.
    private const string TurnOff = """
        DELETE FROM account_two_factor WHERE user_id = NEW.user_id;
        DELETE FROM two_factor_trusted_devices WHERE user_id = NEW.user_id;
        DELETE FROM two_factor_recovery_codes WHERE user_id = NEW.user_id
        """;

    private Task<HttpResponseMessage> LoginAsync(TestAccount account, string? code, bool? trustDevice = null, string? deviceToken = null) =>
        app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password, code, trustDevice, deviceToken });

    private Task<long> TrustedCountAsync(TestAccount account) =>
        app.ScalarAsync<long>("SELECT count(*) FROM two_factor_trusted_devices WHERE user_id = @id", new { id = account.Id });

    [Fact]
    public async Task A_login_whose_code_was_checked_before_two_factor_went_off_trusts_no_device()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, _) = await TwoFactorTests.TurnOnAsync(app, account);
        app.Clock.Advance(Totp.StepLength);
        var code = TwoFactorTests.CodeAt(app, secret, 1);

        // Turning it off lands with the commit of the code's spending, before the login writes its session and device.
        var response = await CommitTrigger.WithAsync("account_two_factor", $"NEW.user_id = '{account.Id}'", TurnOff,
            () => LoginAsync(account, code, trustDevice: true));

        var answer = await response.ReadJsonAsync(); // the login stands: the password and the code were right
        Assert.False(answer.TryGetProperty("deviceToken", out var token) && token.ValueKind == JsonValueKind.String);
        Assert.False(answer.TryGetProperty("deviceTokenExpiresAt", out _));
        Assert.Equal(0L, await TrustedCountAsync(account));
    }

    [Fact]
    public async Task Turning_two_factor_on_forgets_devices_left_from_an_earlier_factor()
    {
        var account = await app.Client.RegisterAsync();
        // A device stored by that race before the fix: the account has no factor, the device row stayed.
        var token = SecretToken.New();
        var now = app.Clock.GetUtcNow();
        await app.ScalarAsync<int>("""
            INSERT INTO two_factor_trusted_devices (id, user_id, token_hash, device, created_at, last_used_at, expires_at)
            VALUES (@id, @userId, @hash, 'left over', @now, @now, @expires) RETURNING 1
            """, new { id = Guid.CreateVersion7(), userId = account.Id, hash = SecretToken.Hash(token), now, expires = now + TrustedDevices.Lifetime });

        await TwoFactorTests.TurnOnAsync(app, account);

        var asked = await (await LoginAsync(account, code: null, deviceToken: token)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True(asked.GetProperty("twoFactorRequired").GetBoolean());
        Assert.Equal(0L, await TrustedCountAsync(account));
    }
}
