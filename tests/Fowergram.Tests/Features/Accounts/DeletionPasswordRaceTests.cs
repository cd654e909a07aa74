using System.Net;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// DELETE /users/me proves the owner by the password. A password change, reset or revert that commits after that check and
/// before the deletion's transaction replaced the password it proved and ended every session — typically the owner taking the
/// account back from someone who had the old password and a session. Until 2026-12-06 the deletion went through anyway (202):
/// it deleted the account the owner had just secured and ended the owner's new session. It is now the 409 an e-mail change
/// or a password change answers in that race, and the account stays.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeletionPasswordRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_deletion_proved_by_a_password_replaced_while_it_waited_is_refused_and_the_account_stays()
    {
        var account = await app.Client.RegisterAsync();
        const string ownersPassword = "Taken-back-2026";

        // The owner's reset commits while the deletion, its password check passed, waits for the account's row.
        await using var resetConn = await _posts.Db.OpenConnectionAsync();
        await using (var resetTx = await resetConn.BeginTransactionAsync())
        {
            await resetConn.ExecuteAsync("UPDATE users SET hashed_password = @hash WHERE id = @id",
                new { hash = app.Services.GetRequiredService<PasswordHasher>().Hash(ownersPassword), id = account.Id }, resetTx);
            var deleting = app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = account.Password }, account.AccessToken);
            await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, resetConn.ProcessID, deleting);
            await resetTx.CommitAsync();
            await (await deleting).AssertProblemAsync(HttpStatusCode.Conflict);
        }

        Assert.False(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM users WHERE id = @id", new { id = account.Id }));
        var (access, _) = await app.Client.LoginAsync(account.Username, ownersPassword);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/v1/users/me", access)).StatusCode);
    }
}
