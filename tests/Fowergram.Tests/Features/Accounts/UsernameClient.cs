using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>Renames, registrations and the username history as the username-change tests use them.</summary>
internal sealed class UsernameClient(FowergramApp app)
{
    public Task<HttpResponseMessage> RenameAsync(TestAccount account, string username, string extra = "") =>
        app.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me", $$"""{"username": "{{username}}"{{extra}}}""", token: account.AccessToken);

    public async Task RenameOkAsync(TestAccount account, string username) =>
        Assert.Equal(username, (await (await RenameAsync(account, username)).ReadJsonAsync()).GetProperty("username").GetString());

    public Task<HttpResponseMessage> RegisterAsync(string username) => app.Client.PostJsonAsync("/api/v1/auth/register",
        new { email = $"{Guid.NewGuid():N}@example.com", username, password = TestAccounts.DefaultPassword, fullName = "Claimant" });

    /// <summary>Asserts the 409 of a taken name: the same for a name in use and one held for its former owner.</summary>
    public static async Task AssertTakenAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _), problem.ToString());
    }

    public Task<string> CurrentAsync(Guid id) => AccountsDb.ScalarAsync<string>("SELECT username FROM users WHERE id = @id", new { id });

    /// <summary>The account's history as (old, new), oldest first.</summary>
    public static async Task<List<(string Old, string New)>> ChangesAsync(Guid id)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        var rows = await Dapper.SqlMapper.QueryAsync<(string, string)>(conn,
            "SELECT old_username, new_username FROM username_changes WHERE user_id = @id ORDER BY changed_at", new { id });
        return rows.ToList();
    }

    /// <summary>Moves the account's changes back in time, as if they were made that long ago.</summary>
    public static Task BackdateAsync(Guid id, TimeSpan by) =>
        AccountsDb.ExecuteAsync("UPDATE username_changes SET changed_at = changed_at - @by WHERE user_id = @id", new { id, by });

    public async Task<JsonElement> AboutAsync(string username, string? token) =>
        await (await app.Client.GetAsync($"/api/v1/users/{username}/about", token)).ReadJsonAsync();
}
