using System.Net;
using System.Text.Json;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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
    /// <summary>
    /// At most TrustedDevices.MaxPerAccount devices are kept, the least recently used forgotten. Two logins trusting their device
    /// at once both held the factor's row only FOR KEY SHARE, so neither waited for the other: each pruned beyond the cap what
    /// it saw (the same oldest row), and until 2026-12-07 the account was left with one device more than the cap (N - 1 more for
    /// N at once). Trusting now holds the factor's row FOR NO KEY UPDATE: trusts of one account take turns.
    /// </summary>
    [Fact]
    public async Task Devices_trusted_at_the_same_time_never_leave_more_than_the_cap()
    {
        var account = await app.Client.RegisterAsync();
        await TwoFactorTests.TurnOnAsync(app, account);
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < TrustedDevices.MaxPerAccount; i++)
            await app.ScalarAsync<int>("""
                INSERT INTO two_factor_trusted_devices (id, user_id, token_hash, device, created_at, last_used_at, expires_at)
                VALUES (@id, @userId, @hash, 'earlier', @at, @at, @expires) RETURNING 1
                """, new { id = Guid.CreateVersion7(), userId = account.Id, hash = SecretToken.Hash(SecretToken.New()), at = now.AddMinutes(i - 100),
                    expires = now + TrustedDevices.Lifetime });

        var devices = app.Services.GetRequiredService<TrustedDevices>();
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var first = await db.OpenConnectionAsync();
        await using var firstTx = await first.BeginTransactionAsync();
        Assert.NotNull(await devices.TrustAsync(first, firstTx, account.Id, "first", CancellationToken.None));
        await using var second = await db.OpenConnectionAsync();
        await using var secondTx = await second.BeginTransactionAsync();
        var trusting = devices.TrustAsync(second, secondTx, account.Id, "second", CancellationToken.None);
        await TransactionRace.WaitUntilBlockedByAsync(db, first.ProcessID, trusting);
        await firstTx.CommitAsync();
        Assert.NotNull(await trusting);
        await secondTx.CommitAsync();

        Assert.Equal((long)TrustedDevices.MaxPerAccount, await TrustedCountAsync(account));
        Assert.Equal(2L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM two_factor_trusted_devices WHERE user_id = @id AND device IN ('first', 'second')", new { id = account.Id }));
    }
}
