using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>Verification (24 h) and reset (1 h) tokens expire. Moves its own clock.</summary>
public sealed class EmailTokenExpiryTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// Checks the token's lifetime, then moves this host's clock a minute past its end. The token is made by whichever
    /// host's dispatcher delivered the mail event (TestMailbox: they share the database), and that host's clock may stand
    /// ahead of this one's, so the end is read from the row rather than assumed from this clock.
    /// </summary>
    private async Task PastExpiryAsync(string table, TestAccount account, TimeSpan lifetime)
    {
        await using var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync();
        var (createdAt, expiresAt) = await Dapper.SqlMapper.QuerySingleAsync<(DateTimeOffset, DateTimeOffset)>(conn,
            $"SELECT created_at, expires_at FROM {table} WHERE user_id = @id ORDER BY created_at DESC LIMIT 1", new { id = account.Id });
        Assert.Equal(lifetime, expiresAt - createdAt);
        var by = expiresAt - _app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        if (by > TimeSpan.Zero) _app.Clock.Advance(by);
    }

    [Fact]
    public async Task Verification_token_expires_after_24_hours()
    {
        var account = await _app.Client.RegisterAsync();
        var token = await TestMailbox.TokenAsync(_app, account, "Confirm your e-mail");
        await PastExpiryAsync("email_verifications", account, TimeSpan.FromHours(24));
        await (await _app.Client.PostJsonAsync("/api/v1/auth/email/verify", new { token })).AssertValidationErrorAsync("token");
    }

    [Fact]
    public async Task Reset_token_expires_after_an_hour()
    {
        var account = await _app.Client.RegisterAsync();
        await _app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email });
        var token = await TestMailbox.TokenAsync(_app, account, "Reset your");
        await PastExpiryAsync("password_resets", account, TimeSpan.FromHours(1));
        var response = await _app.Client.PostJsonAsync("/api/v1/auth/password/reset", new { token, newPassword = "Brand-new-secret-7" });
        await response.AssertValidationErrorAsync("token");
        await _app.Client.LoginAsync(account.Username, account.Password);
    }

    [Fact]
    public async Task Reset_clears_a_login_lock()
    {
        var account = await _app.Client.RegisterAsync();
        for (var i = 0; i < 5; i++) // each a counted failure (a 401), or the lock below has nothing to stand on
            await (await _app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = "Wrong-password-99" }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _app.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, account.Password }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests);

        await _app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email });
        var token = await TestMailbox.TokenAsync(_app, account, "Reset your");
        Assert.Equal(HttpStatusCode.NoContent,
            (await _app.Client.PostJsonAsync("/api/v1/auth/password/reset", new { token, newPassword = "Brand-new-secret-7" })).StatusCode);
        await _app.Client.LoginAsync(account.Username, "Brand-new-secret-7");
    }
}
