using System.Net;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// A sensitive change that passes its checks and then loses a race in its own transaction (docs/accounts.md "Two-factor"):
/// the two-factor code sent with it is spent with the change, so the refused change leaves it for the owner's next request.
/// Until 2026-12-05 it was spent before the transaction, and the retry needed a new code (a recovery code lost for good).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StepUpCodeRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object body) =>
        app.Client.SendJsonAsync(method, path, body, token);

    [Fact]
    public async Task An_address_taken_while_the_change_waits_leaves_the_recovery_code_for_the_next_address()
    {
        var (account, other) = (await app.Client.RegisterAsync(), await app.Client.RegisterAsync());
        var (_, recovery) = await TwoFactorTests.TurnOnAsync(app, account);
        var wanted = $"wanted-{Guid.NewGuid():N}@example.com";

        // The other account takes the address while the change, its checks passed, waits for the account's row (locked as the
        // change locks it: a stronger lock would stop the change earlier, at the login throttle's key share of the row).
        await using var rivalConn = await _posts.Db.OpenConnectionAsync();
        await using var rivalTx = await rivalConn.BeginTransactionAsync();
        await rivalConn.ExecuteAsync("SELECT 1 FROM users WHERE id = @id FOR NO KEY UPDATE", new { id = account.Id }, rivalTx);
        await rivalConn.ExecuteAsync("UPDATE users SET email = @wanted WHERE id = @id", new { wanted, id = other.Id }, rivalTx);
        var changing = SendAsync(HttpMethod.Put, "/api/v1/users/me/email", account.AccessToken,
            new { email = wanted, password = account.Password, code = recovery[0] });
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, rivalConn.ProcessID, changing);
        await rivalTx.CommitAsync();
        var conflict = await (await changing).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(conflict.GetProperty("errors").TryGetProperty("email", out _));

        var next = await SendAsync(HttpMethod.Put, "/api/v1/users/me/email", account.AccessToken,
            new { email = $"next-{Guid.NewGuid():N}@example.com", password = account.Password, code = recovery[0] });
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        await (await SendAsync(HttpMethod.Put, "/api/v1/users/me/email", account.AccessToken,
                new { email = $"again-{Guid.NewGuid():N}@example.com", password = account.Password, code = recovery[0] }))
            .AssertValidationErrorAsync("code"); // spent with the change that was made
    }

    [Fact]
    public async Task A_password_change_that_loses_to_another_leaves_its_code_for_the_retry()
    {
        var account = await app.Client.RegisterAsync();
        var (secret, _) = await TwoFactorTests.TurnOnAsync(app, account);
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // the confirmation used the current step
        var code = TwoFactorTests.CodeAt(app, secret, 0);
        const string rivalPassword = "Rival-password-2026";

        // Another change of the password commits while this one, its checks passed, waits for the account's row.
        await using var rivalConn = await _posts.Db.OpenConnectionAsync();
        await using var rivalTx = await rivalConn.BeginTransactionAsync();
        await rivalConn.ExecuteAsync("UPDATE users SET hashed_password = @hash WHERE id = @id",
            new { hash = app.Services.GetRequiredService<PasswordHasher>().Hash(rivalPassword), id = account.Id }, rivalTx);
        var changing = SendAsync(HttpMethod.Put, "/api/v1/users/me/password", account.AccessToken,
            new { currentPassword = account.Password, newPassword = "Lost-the-race-2026", code });
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, rivalConn.ProcessID, changing);
        await rivalTx.CommitAsync();
        await (await changing).AssertProblemAsync(HttpStatusCode.Conflict);

        var retried = await SendAsync(HttpMethod.Put, "/api/v1/users/me/password", account.AccessToken,
            new { currentPassword = rivalPassword, newPassword = "Won-the-retry-2026", code });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostJsonAsync("/api/v1/auth/login",
            new { login = account.Username, password = "Won-the-retry-2026", code = TwoFactorTests.CodeAt(app, secret, 1) })).StatusCode);
    }
}
