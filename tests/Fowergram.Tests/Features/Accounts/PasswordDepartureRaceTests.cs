using System.Net;
using Dapper;
using Fowergram.Features.Moderation;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// A password change or reset whose checks passed while the account was live, and whose transaction then found it suspended
/// or deleted (the departure committed while the change waited for the account's row). Until 2026-12-06 the change went
/// through: a suspended account's password was replaced and PUT /users/me/password answered 200 with a new session — a
/// refresh token and an access token that no ending had seen, so the access token was served for its 15 minutes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PasswordDepartureRaceTests(FowergramApp app)
{
    private const string NewPassword = "Changed-while-going-2026";
    private readonly PostsClient _posts = new(app);

    private Task<string> HashAsync(Guid id) => _posts.ScalarAsync<string>("SELECT hashed_password FROM users WHERE id = @id", new { id });

    private Task<long> LiveTokensAsync(Guid id) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE user_id = @id AND revoked_at IS NULL", new { id });

    /// <summary>Suspends the account in <paramref name="tx"/>, as the moderation routes do (row lock, sessions ended).</summary>
    private async Task SuspendAsync(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, Guid id)
    {
        var moderator = await _posts.ModeratorAsync();
        Assert.True(await app.Services.GetRequiredService<Suspensions>().SuspendAsync(conn, tx, id, moderator.Id, null, "spam",
            app.Clock.GetUtcNow(), null, CancellationToken.None));
    }

    /// <summary>Deletes the account in <paramref name="tx"/>, as DELETE /users/me marks it (row lock, sessions ended).</summary>
    private static async Task DeleteAsync(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, Guid id)
    {
        await conn.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id }, tx);
        await conn.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = @id AND revoked_at IS NULL", new { id }, tx);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_password_change_waiting_while_the_account_goes_is_refused_and_opens_no_session(bool suspended)
    {
        var account = await app.Client.RegisterAsync();
        var before = await HashAsync(account.Id);
        await using var going = await _posts.Db.OpenConnectionAsync();
        await using (var tx = await going.BeginTransactionAsync())
        {
            if (suspended) await SuspendAsync(going, tx, account.Id);
            else await DeleteAsync(going, tx, account.Id);
            var change = app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/password",
                new { currentPassword = account.Password, newPassword = NewPassword }, account.AccessToken);
            await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, going.ProcessID, change);
            await tx.CommitAsync();
            await (await change).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(before, await HashAsync(account.Id));
        Assert.Equal(0L, await LiveTokensAsync(account.Id));
    }

    [Fact]
    public async Task A_reset_link_used_while_the_account_is_being_suspended_is_refused_and_leaves_the_password()
    {
        var account = await app.Client.RegisterAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostJsonAsync("/api/v1/auth/password/forgot", new { email = account.Email })).StatusCode);
        var token = await TestMailbox.TokenAsync(app, account, "Reset your");
        var before = await HashAsync(account.Id);
        await using var going = await _posts.Db.OpenConnectionAsync();
        await using (var tx = await going.BeginTransactionAsync())
        {
            await SuspendAsync(going, tx, account.Id);
            var reset = app.Client.PostJsonAsync("/api/v1/auth/password/reset", new { token, newPassword = NewPassword });
            await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, going.ProcessID, reset);
            await tx.CommitAsync();
            await (await reset).AssertValidationErrorAsync("token");
        }

        Assert.Equal(before, await HashAsync(account.Id));
    }
}
