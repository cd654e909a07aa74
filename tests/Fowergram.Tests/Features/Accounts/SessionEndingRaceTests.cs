using System.Net;
using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// Ending sessions while one is being made: a refresh in flight (it has claimed its token and is writing the next one when
/// the ending runs) or a login that proved the password a moment before it changed. The session must not live on behind
/// "log out" or a new password.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SessionEndingRaceTests(FowergramApp app)
{
    [Theory]
    [InlineData("others")]
    [InlineData("one")]
    [InlineData("logout")]
    public async Task A_session_ended_while_it_refreshes_stays_ended(string ending)
    {
        var account = await app.Client.RegisterAsync();
        var thief = await app.Client.LoginAsync(account.Username, account.Password);
        var familyId = await AccountsDb.ScalarAsync<Guid>("SELECT family_id FROM refresh_tokens WHERE token_hash = @hash",
            new { hash = SecretToken.Hash(thief.RefreshToken) });

        // Holding the account's row keeps the refresh between claiming its token and inserting the next (the foreign key waits).
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM users WHERE id = @Id FOR UPDATE", new { account.Id }, hold);
        var refreshing = app.Client.RefreshAsync(thief.RefreshToken);
        var refresher = await RefreshWaitingForAsync(holder.ProcessID, refreshing);

        var ended = ending switch
        {
            "others" => app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/sessions", token: account.AccessToken),
            "one" => app.Client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{familyId}", token: account.AccessToken),
            _ => app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = thief.RefreshToken }),
        };
        await TransactionRace.WaitUntilBlockedByAsync(db, refresher, ended);
        await hold.CommitAsync();

        var next = await (await refreshing).ReadJsonAsync();
        await (await ended).EnsureNoContentAsync();
        await (await app.Client.RefreshAsync(next.GetProperty("refreshToken").GetString()!)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId }));
    }

    /// <summary>
    /// A login that proved the password just before the owner changed it (the hash takes half a second) must not open a
    /// session after the change ended them all: the thief who keeps logging in would keep one.
    /// </summary>
    [Fact]
    public async Task A_login_that_proved_the_old_password_starts_no_session_after_a_password_change()
    {
        var account = await app.Client.RegisterAsync();
        var proved = await app.Services.GetRequiredService<Credentials>().FindAsync(account.Username, default); // what the login read and verified
        var changed = await (await app.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/password",
            new { currentPassword = account.Password, newPassword = "Tulip-garden-2027!" }, account.AccessToken)).ReadJsonAsync();

        var context = new DefaultHttpContext { RequestServices = app.Services };
        await (await app.Services.GetRequiredService<SignIns>().CompleteAsync(context.Request, proved!, null, false, default)).ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        var sessions = await (await app.Client.GetAsync("/api/v1/users/me/sessions", changed.GetProperty("accessToken").GetString())).ReadJsonAsync();
        Assert.Single(sessions.GetProperty("items").EnumerateArray()); // the change's own
    }

    [Fact]
    public async Task A_login_refused_because_the_password_changed_meanwhile_restores_no_deleted_account()
    {
        // The restore was written before the check, outside the session's transaction: a refused login brought the deleted
        // account back all the same (and a trusted device was written after the session's commit, outside it too).
        var account = await app.Client.RegisterAsync();
        await ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", account.Id);
        var proved = await app.Services.GetRequiredService<Credentials>().FindAsync(account.Username, default);
        Assert.NotNull(proved!.DeletedAt);
        await ExecuteAsync("UPDATE users SET hashed_password = 'reset meanwhile' WHERE id = @id", account.Id); // a reset's commit

        var context = new DefaultHttpContext { RequestServices = app.Services };
        await (await app.Services.GetRequiredService<SignIns>().CompleteAsync(context.Request, proved, null, trust: true, default)).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        Assert.True(await conn.ExecuteScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM users WHERE id = @id", new { id = account.Id }));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM two_factor_trusted_devices WHERE user_id = @id", new { id = account.Id }));
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")] // its owner deleted it (from another session)
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")] // a moderator suspended it
    public async Task A_login_that_read_the_account_before_its_deletion_or_suspension_starts_no_session(string gone)
    {
        // The deletion or suspension ended every session, then this login opened one: its access token lived on for its TTL.
        var account = await app.Client.RegisterAsync();
        var proved = await app.Services.GetRequiredService<Credentials>().FindAsync(account.Username, default);
        await ExecuteAsync(gone, account.Id);

        var context = new DefaultHttpContext { RequestServices = app.Services };
        await (await app.Services.GetRequiredService<SignIns>().CompleteAsync(context.Request, proved!, null, trust: false, default)).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE user_id = @id", new { id = account.Id })); // registration's
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT deleted_at IS NULL AND is_active FROM users WHERE id = @id", new { id = account.Id }));
    }

    private static async Task ExecuteAsync(string sql, Guid id)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, new { id });
    }

    /// <summary>
    /// The backend of the refresh, once it waits for <paramref name="holder"/> with its new token's INSERT (bounded). Found by
    /// its statement: other writes to the account's row (presence, time spent) may be waiting for the holder too.
    /// </summary>
    private static async Task<int> RefreshWaitingForAsync(int holder, Task refreshing)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!refreshing.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await conn.ExecuteScalarAsync<int?>("""
                    SELECT pid FROM pg_stat_activity
                     WHERE @holder = ANY (pg_blocking_pids(pid)) AND query LIKE '%INSERT INTO refresh_tokens%' LIMIT 1
                    """, new { holder }) is { } pid)
                return pid;
            await Task.Delay(5); // a poll for a state, not a wait for time to pass
        }
        throw new InvalidOperationException("The refresh did not wait for the account's row.");
    }
}
