using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// A passkey is added by the session that asked for it (docs/accounts.md "Passkeys"). Until 2026-12-07 a registration whose
/// ceremony was in flight when its session ended — a logout, "log out of other sessions", or a password change by an owner
/// taking the account back — still stored the key, and whoever held that session kept a way in. It is now refused (401) when
/// the session is gone at commit, and an ending that comes later waits for the registration and ends the session after it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PasskeySessionRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private const string LockSessions = "SELECT pg_advisory_xact_lock(hashtext('account_sessions'), hashtext(@id::text))";

    /// <summary>The ceremony up to the authenticator's answer; the returned step sends it.</summary>
    private async Task<Func<Task<HttpResponseMessage>>> CeremonyAsync(TestAccount account, SoftwareAuthenticator phone)
    {
        var options = await app.CreationOptionsAsync(account);
        var credential = phone.Create(options.GetProperty("publicKey"));
        return () => app.SendRegistrationAsync(account, options, credential);
    }

    private async Task AssertRefusedAsync(TestAccount account, Task<HttpResponseMessage> registering)
    {
        var refused = await registering;
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM passkeys WHERE user_id = @id", new { id = account.Id }));
    }

    [Fact]
    public async Task A_password_change_committed_while_the_registration_waits_refuses_the_key()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        var register = await CeremonyAsync(account, phone);

        // As a password change: the account's row, then every session ended, committed while the registration waits for the row.
        await using var changeConn = await _posts.Db.OpenConnectionAsync();
        await using var changeTx = await changeConn.BeginTransactionAsync();
        await changeConn.ExecuteAsync("SELECT 1 FROM users WHERE id = @id FOR NO KEY UPDATE", new { id = account.Id }, changeTx);
        await changeConn.ExecuteAsync(LockSessions, new { id = account.Id }, changeTx);
        await changeConn.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = @id AND revoked_at IS NULL", new { id = account.Id }, changeTx);
        var registering = register();
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, changeConn.ProcessID, registering);
        await changeTx.CommitAsync();

        await AssertRefusedAsync(account, registering);
    }

    [Fact]
    public async Task A_logout_committed_while_the_registration_runs_refuses_the_key()
    {
        var account = await app.Client.RegisterAsync();
        using var phone = new SoftwareAuthenticator();
        var register = await CeremonyAsync(account, phone);

        // As a logout: the account's sessions lock, then the session's tokens revoked; it has not committed when the
        // registration reaches its check, which waits for it and then finds the session ended.
        await using var logoutConn = await _posts.Db.OpenConnectionAsync();
        await using var logoutTx = await logoutConn.BeginTransactionAsync();
        await logoutConn.ExecuteAsync(LockSessions, new { id = account.Id }, logoutTx);
        await logoutConn.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = @id AND revoked_at IS NULL", new { id = account.Id }, logoutTx);
        var registering = register();
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, logoutConn.ProcessID, registering);
        await logoutTx.CommitAsync();

        await AssertRefusedAsync(account, registering);
    }
}
