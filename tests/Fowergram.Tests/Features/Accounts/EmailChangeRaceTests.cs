using System.Net;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// An e-mail change racing what cancels it (docs/accounts.md "Changing the e-mail address"): a new password cancels pending
/// changes, and every transaction that cancels or confirms one takes the account's row before the change's.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EmailChangeRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<string?> PendingEmailAsync(TestAccount account) =>
        (await (await app.Client.GetAsync("/api/v1/users/me/email", account.AccessToken)).ReadJsonAsync())
            .TryGetProperty("pendingEmail", out var pending) ? pending.GetString() : null;

    [Fact]
    public async Task A_request_made_with_the_password_a_change_replaced_meanwhile_starts_no_change()
    {
        var account = await app.Client.RegisterAsync();
        // The owner's new password commits while the request, its password checked, waits for the account's row.
        await using var ownerConn = await _posts.Db.OpenConnectionAsync();
        await using var ownerTx = await ownerConn.BeginTransactionAsync();
        await ownerConn.ExecuteAsync("UPDATE users SET hashed_password = @hash WHERE id = @id",
            new { hash = app.Services.GetRequiredService<PasswordHasher>().Hash("Owner-took-it-back-9"), id = account.Id }, ownerTx);
        var requesting = app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email",
            new { email = $"taker-{Guid.NewGuid():N}@example.com", password = account.Password }, account.AccessToken);
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, ownerConn.ProcessID, requesting);
        await ownerTx.CommitAsync();

        await (await requesting).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Null(await PendingEmailAsync(account));
    }

    [Fact]
    public async Task A_confirmation_and_a_cancellation_at_once_take_turns_instead_of_deadlocking()
    {
        var account = await app.Client.RegisterAsync();
        var address = $"new-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/email",
            new { email = address, password = account.Password }, account.AccessToken)).StatusCode);
        await TestMailbox.DeliverAsync(app, account, EmailDeliveryConsumer.ConsumerName, AccountEvents.EmailChangeRequested);
        var link = TestMailbox.TokenIn(TestMailbox.MailsTo(address).Single());

        // A cancelling transaction (a password change, a new request, a revert) holds the account's row when the link is used,
        // and then cancels the pending change: the confirmation waits for it and finds the change cancelled.
        await using var cancelConn = await _posts.Db.OpenConnectionAsync();
        await using var cancelTx = await cancelConn.BeginTransactionAsync();
        await cancelConn.ExecuteAsync("SELECT 1 FROM users WHERE id = @id FOR NO KEY UPDATE", new { id = account.Id }, cancelTx);
        var confirming = app.Client.PostJsonAsync("/api/v1/auth/email/verify", new { token = link });
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, cancelConn.ProcessID, confirming);
        await cancelConn.ExecuteAsync(EmailChangesSql.CancelPending, new { userId = account.Id, now = app.Clock.GetUtcNow() }, cancelTx);
        await cancelTx.CommitAsync();

        await (await confirming).AssertValidationErrorAsync("token");
        Assert.Equal(account.Email, (await (await app.Client.GetAsync("/api/v1/users/me/email", account.AccessToken)).ReadJsonAsync())
            .GetProperty("email").GetString());
    }
}
