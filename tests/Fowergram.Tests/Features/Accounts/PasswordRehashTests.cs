using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>Raising Auth:PasswordIterations upgrades each stored hash at its owner's next login.</summary>
public sealed class PasswordRehashTests : IAsyncLifetime
{
    private readonly FowergramApp _cheap = TestApps.WithOwnClock();
    private readonly FowergramApp _costlier = TestApps.WithOwnClock(b => b.Configuration["Auth:PasswordIterations"] = "2000");

    public async Task InitializeAsync()
    {
        await _cheap.InitializeAsync();
        await _costlier.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _cheap.DisposeAsync();
        await _costlier.DisposeAsync();
    }

    [Fact]
    public async Task Login_rehashes_a_password_stored_with_fewer_iterations()
    {
        var account = await _cheap.Client.RegisterAsync();
        Assert.StartsWith("pbkdf2-sha256$1000$", await AccountsDb.PasswordHashAsync(account.Id));

        await _costlier.Client.LoginAsync(account.Username, account.Password);

        var upgraded = await AccountsDb.PasswordHashAsync(account.Id);
        Assert.StartsWith("pbkdf2-sha256$2000$", upgraded);
        await _costlier.Client.LoginAsync(account.Username, account.Password); // the new hash verifies
        Assert.Equal(upgraded, await AccountsDb.PasswordHashAsync(account.Id)); // and is not rehashed again
    }

    [Fact]
    public async Task Failed_login_does_not_rehash()
    {
        var account = await _cheap.Client.RegisterAsync();
        var before = await AccountsDb.PasswordHashAsync(account.Id);
        var response = await _costlier.Client.PostJsonAsync("/api/v1/auth/login", new { login = account.Username, password = "Wrong-password-99" });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await AccountsDb.PasswordHashAsync(account.Id));
    }
}
