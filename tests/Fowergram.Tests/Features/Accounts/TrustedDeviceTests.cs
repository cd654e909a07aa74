using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Trusted devices (docs/accounts.md "Trusted devices", migration 0171): a login that passed the code with trustDevice gets
/// a device token that stands in for the code — never for the password — until it expires or is forgotten.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TrustedDeviceTests(FowergramApp app)
{
    private NpgsqlDataSource Db => app.Services.GetRequiredService<NpgsqlDataSource>();

    private Task<HttpResponseMessage> LoginAsync(TestAccount account, string? code = null, bool? trustDevice = null, string? deviceToken = null,
        string? password = null) =>
        app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = password ?? account.Password, code, trustDevice, deviceToken });

    /// <summary>A code of a step not used yet: the clock moves on a step first (the last login used the step after the current one).</summary>
    private string FreshCode(byte[] secret)
    {
        app.Clock.Advance(Totp.StepLength);
        return TwoFactorTests.CodeAt(app, secret, 1);
    }

    /// <summary>Logs in with a fresh code and trustDevice; answers the device token.</summary>
    private async Task<string> TrustAsync(TestAccount account, byte[] secret)
    {
        var answer = await (await LoginAsync(account, FreshCode(secret), trustDevice: true)).ReadJsonAsync();
        Assert.Equal(app.Clock.GetUtcNow() + TrustedDevices.Lifetime, answer.GetProperty("deviceTokenExpiresAt").GetDateTimeOffset(), TimeSpan.FromMicroseconds(1));
        return answer.GetProperty("deviceToken").GetString()!;
    }

    private async Task AssertCodeAskedAsync(HttpResponseMessage response) =>
        Assert.True((await response.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("twoFactorRequired").GetBoolean());

    private async Task<List<JsonElement>> DevicesAsync(TestAccount account) =>
        (await (await app.Client.GetAsync("/api/v1/users/me/trusted-devices", account.AccessToken)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_trusted_device_signs_in_with_the_password_and_its_token_and_never_without_the_password()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var (secret, _) = await TwoFactorTests.TurnOnAsync(app, account);
        await TwoFactorTests.TurnOnAsync(app, other);
        var plain = await (await LoginAsync(account, FreshCode(secret))).ReadJsonAsync();
        Assert.False(plain.TryGetProperty("deviceToken", out _)); // only when asked for

        var token = await TrustAsync(account, secret);
        var again = await (await LoginAsync(account, deviceToken: token)).ReadJsonAsync();
        Assert.False(again.TryGetProperty("deviceToken", out _));
        Assert.True(again.TryGetProperty("accessToken", out _));
        var wrongPassword = await (await LoginAsync(account, deviceToken: token, password: "Not-the-password-1")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(wrongPassword.TryGetProperty("twoFactorRequired", out _));
        await AssertCodeAskedAsync(await LoginAsync(other, deviceToken: token)); // another account's device
        await AssertCodeAskedAsync(await LoginAsync(account, deviceToken: token[..^2] + (token[^2..] == "AA" ? "BB" : "AA")));
        (await LoginAsync(account, deviceToken: token)).EnsureSuccessStatusCode(); // the mistakes above locked nothing

        var device = Assert.Single(await DevicesAsync(account));
        Assert.True(device.GetProperty("lastUsedAt").GetDateTimeOffset() >= device.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Empty(await DevicesAsync(other));
    }

    [Fact]
    public async Task Forgetting_it_a_new_password_or_turning_two_factor_off_ends_the_trust()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var (secret, recovery) = await TwoFactorTests.TurnOnAsync(app, account);

        var forgotten = await TrustAsync(account, secret);
        var id = Assert.Single(await DevicesAsync(account)).GetProperty("id").GetString();
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/trusted-devices/{id}", null, other.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/trusted-devices/{id}", null, account.AccessToken)).StatusCode);
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/trusted-devices/{id}", null, account.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await AssertCodeAskedAsync(await LoginAsync(account, deviceToken: forgotten));

        var beforeNewPassword = await TrustAsync(account, secret);
        var changed = await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/password",
            new { currentPassword = account.Password, newPassword = "Another-meadow-77", code = recovery[1] }, account.AccessToken)).ReadJsonAsync();
        account = account with { Password = "Another-meadow-77", AccessToken = changed.GetProperty("accessToken").GetString()! };
        await AssertCodeAskedAsync(await LoginAsync(account, deviceToken: beforeNewPassword));

        await TrustAsync(account, secret);
        await TrustAsync(account, secret);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/trusted-devices", null, account.AccessToken)).StatusCode);
        Assert.Empty(await DevicesAsync(account));

        await TrustAsync(account, secret);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/two-factor",
            new { password = account.Password, code = recovery[0] }, account.AccessToken)).StatusCode);
        await using var conn = await Db.OpenConnectionAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM two_factor_trusted_devices WHERE user_id = @id", new { id = account.Id }));
    }

    [Fact]
    public async Task An_expired_token_asks_for_the_code_and_the_twenty_first_device_replaces_the_least_recently_used()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, _) = await TwoFactorTests.TurnOnAsync(app, account);
        var expired = await TrustAsync(account, secret);
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            UPDATE two_factor_trusted_devices SET created_at = @at - interval '90 days', last_used_at = @at - interval '90 days', expires_at = @at
             WHERE user_id = @id
            """, new { at = app.Clock.GetUtcNow(), id = account.Id });
        await AssertCodeAskedAsync(await LoginAsync(account, deviceToken: expired));
        Assert.Empty(await DevicesAsync(account));

        var at = app.Clock.GetUtcNow().AddDays(-1);
        for (var i = 0; i < TrustedDevices.MaxPerAccount; i++)
            await conn.ExecuteAsync("""
                INSERT INTO two_factor_trusted_devices (id, user_id, token_hash, device, created_at, last_used_at, expires_at)
                VALUES (gen_random_uuid(), @id, encode(sha256(gen_random_uuid()::text::bytea), 'hex'), @device, @at, @used, @at + interval '90 days')
                """, new { id = account.Id, device = $"phone {i}", at, used = at.AddMinutes(i) });
        var newest = await TrustAsync(account, secret);

        var devices = await DevicesAsync(account);
        Assert.Equal(TrustedDevices.MaxPerAccount, devices.Count);
        Assert.DoesNotContain("phone 0", devices.Select(d => d.TryGetProperty("device", out var name) ? name.GetString() : null));
        (await LoginAsync(account, deviceToken: newest)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Bad_input_is_a_400_and_routes_need_a_session()
    {
        var account = await app.Client.RegisterAsync();
        await (await LoginAsync(account, deviceToken: new string('a', 101))).AssertValidationErrorAsync("deviceToken");
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = account.Password, trustDevice = "yes" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        // Without two-factor on, a device token or trustDevice changes nothing: no code is asked, no device is trusted.
        var answer = await (await LoginAsync(account, trustDevice: true, deviceToken: "whatever")).ReadJsonAsync();
        Assert.False(answer.TryGetProperty("deviceToken", out _));
        await (await app.Client.GetAsync("/api/v1/users/me/trusted-devices", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/trusted-devices/not-an-id", null, account.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
