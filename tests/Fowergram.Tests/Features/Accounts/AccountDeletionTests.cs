using System.Net;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>DELETE /users/me: confirmed by password, effective at once, undone by logging in within the grace.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountDeletionTests(FowergramApp app)
{
    private Task<HttpResponseMessage> DeleteAsync(TestAccount account, object? body) =>
        app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", body, account.AccessToken);

    [Fact]
    public async Task Deleting_needs_the_password_and_changes_nothing_without_it()
    {
        var account = await app.Client.RegisterAsync();

        await (await DeleteAsync(account, null)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await DeleteAsync(account, new { })).AssertValidationErrorAsync("password");
        await (await DeleteAsync(account, new { password = "not-the-password" })).AssertValidationErrorAsync("password");
        await (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = account.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(account.Username, (await app.Client.MeAsync(account.AccessToken)).GetProperty("username").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.RefreshAsync(account.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task A_deleted_account_is_gone_at_once_and_its_sessions_end()
    {
        var account = await app.Client.RegisterAsync();
        var other = await app.Client.RegisterAsync();

        var deleted = await (await DeleteAsync(account, new { password = account.Password })).ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(deleted.GetProperty("deletedAt").GetDateTimeOffset().AddDays(30), deleted.GetProperty("restorableUntil").GetDateTimeOffset());
        await (await app.Client.GetAsync($"/api/v1/users/{account.Username}", other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync("/api/v1/users/me", account.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await DeleteAsync(account, new { password = account.Password })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Its session's access token went with the session (EndedSessions).
        await (await app.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/follow", null, account.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        // A token naming no session (or one another instance has not yet heard ended) lives out its minutes, but a
        // deleted account can follow nobody (nobody resolves for it).
        var sessionless = app.Services.GetRequiredService<Fowergram.Platform.Auth.AccessTokens>().Issue(account.Id, account.Username).Token;
        await (await app.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/follow", null, sessionless))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Logging_in_within_the_grace_restores_the_account_until_the_purge_begins()
    {
        var restored = await app.Client.RegisterAsync();
        var purged = await app.Client.RegisterAsync();
        var other = await app.Client.RegisterAsync();
        await (await DeleteAsync(restored, new { password = restored.Password })).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await DeleteAsync(purged, new { password = purged.Password })).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = restored.Username, password = "wrong-password-1" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        var (access, _) = await app.Client.LoginAsync(restored.Email, restored.Password);
        Assert.Equal(restored.Id, (await app.Client.MeAsync(access)).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/api/v1/users/{restored.Username}", other.AccessToken)).StatusCode);

        var db = await TestDatabase.GetAsync();
        await using (var conn = await db.OpenConnectionAsync())
        await using (var cmd = new Npgsql.NpgsqlCommand("UPDATE users SET purge_started_at = deleted_at WHERE id = @id", conn))
        {
            cmd.Parameters.AddWithValue("id", purged.Id);
            await cmd.ExecuteNonQueryAsync();
        }
        await (await app.Client.PostJsonAsync("/api/v1/auth/login", new { login = purged.Username, password = purged.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
