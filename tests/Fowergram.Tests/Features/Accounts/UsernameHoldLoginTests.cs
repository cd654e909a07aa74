using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// A login lock belongs to what the login names: an account (by its current username or its address alike), or, for a
/// login that names none, that login alone. A username given up in a rename names no account while it is held, so guesses
/// at it lock that name only — never its former owner (by its new name or its address) nor whoever holds the name next —
/// and the hold keeps only others from claiming it (docs/accounts.md "Username changes and About this account").
/// </summary>
public sealed class UsernameHoldLoginTests : IAsyncLifetime
{
    private const int MaxFailures = 5;
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> LoginAsync(string login, string password) =>
        _app.Client.PostJsonAsync("/api/v1/auth/login", new { login, password });

    /// <summary>Wrong guesses at <paramref name="login"/> until it is locked: the limit's 401s, then the 429.</summary>
    private async Task LockAsync(string login)
    {
        for (var i = 0; i < MaxFailures; i++) await (await LoginAsync(login, "Wrong-password-99")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(login, "Wrong-password-99")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Guesses_at_a_given_up_name_lock_neither_its_former_owner_nor_its_next_holder()
    {
        var names = new UsernameClient(_app);
        var owner = await _app.Client.RegisterAsync();
        var old = owner.Username;
        var renamed = TestAccounts.NewUsername("n");
        await names.RenameOkAsync(owner, renamed);

        await LockAsync(old);

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(renamed, owner.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(owner.Email, owner.Password)).StatusCode);
        await UsernameClient.AssertTakenAsync(await names.RegisterAsync(old)); // held from others all the same

        // Once the hold ends, whoever claims the name logs in by it at once: the lock was the name's while it named nobody.
        await UsernameClient.BackdateAsync(owner.Id, TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        (await names.RegisterAsync(old)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(old, TestAccounts.DefaultPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(renamed, owner.Password)).StatusCode);
    }

    [Fact]
    public async Task A_former_owner_taking_its_name_back_logs_in_by_it_whatever_was_guessed_meanwhile()
    {
        var names = new UsernameClient(_app);
        var owner = await _app.Client.RegisterAsync();
        var old = owner.Username;
        await names.RenameOkAsync(owner, TestAccounts.NewUsername("n"));
        await LockAsync(old);

        await names.RenameOkAsync(owner, old);

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(old, owner.Password)).StatusCode);
    }

    [Fact]
    public async Task An_account_locked_by_its_current_name_is_locked_at_its_address_but_not_by_a_name_it_gave_up()
    {
        // The documented edge: the lock is the account's, so whoever locks its public name locks its address too. A name it
        // gave up is no longer a way in: guesses there do not count for the account.
        var names = new UsernameClient(_app);
        var owner = await _app.Client.RegisterAsync();
        var old = owner.Username;
        var renamed = TestAccounts.NewUsername("n");
        await names.RenameOkAsync(owner, renamed);

        for (var i = 0; i < MaxFailures - 1; i++) await (await LoginAsync(old, "Wrong-password-99")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(renamed, "Wrong-password-99")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(owner.Email, owner.Password)).StatusCode); // 1 + 4 elsewhere: no lock

        await LockAsync(renamed);
        await (await LoginAsync(owner.Email, owner.Password)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}
