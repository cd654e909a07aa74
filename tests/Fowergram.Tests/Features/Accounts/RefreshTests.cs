using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class RefreshTests(FowergramApp app)
{
    [Fact]
    public async Task Refresh_returns_a_new_pair_and_the_old_refresh_token_stops_working()
    {
        var account = await app.Client.RegisterAsync();
        var pair = await (await app.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync();
        var next = pair.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(account.RefreshToken, next);
        Assert.Equal(account.Id, (await app.Client.MeAsync(pair.GetProperty("accessToken").GetString()!)).GetProperty("id").GetGuid());

        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.RefreshAsync(next)).StatusCode); // a replay inside the grace window revokes nothing
    }

    [Fact]
    public async Task Refresh_tokens_are_stored_only_as_sha256_hashes()
    {
        var account = await app.Client.RegisterAsync();
        var hashes = (await AccountsDb.ScalarAsync<string[]>(
            "SELECT array_agg(token_hash) FROM refresh_tokens WHERE user_id = @Id", new { account.Id })).ToList();
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(account.RefreshToken)));
        Assert.Equal([expected], hashes);
    }

    [Fact]
    public async Task Rotation_keeps_the_family_and_links_the_successor()
    {
        var account = await app.Client.RegisterAsync();
        await (await app.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync();
        var families = await AccountsDb.ScalarAsync<long>("SELECT count(DISTINCT family_id) FROM refresh_tokens WHERE user_id = @Id", new { account.Id });
        var linked = await AccountsDb.ScalarAsync<long>(
            "SELECT count(*) FROM refresh_tokens WHERE user_id = @Id AND rotated_at IS NOT NULL AND replaced_by IS NOT NULL", new { account.Id });
        Assert.Equal((1L, 1L), (families, linked));
    }

    [Fact]
    public async Task Parallel_refreshes_of_one_token_give_exactly_one_success_and_no_fork()
    {
        var account = await app.Client.RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.Client.RefreshAsync(account.RefreshToken)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var tokens = await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE user_id = @Id", new { account.Id });
        var live = await AccountsDb.ScalarAsync<long>(
            "SELECT count(*) FROM refresh_tokens WHERE user_id = @Id AND rotated_at IS NULL AND revoked_at IS NULL", new { account.Id });
        Assert.Equal((2L, 1L), (tokens, live));

        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.Client.RefreshAsync(winner.GetProperty("refreshToken").GetString()!)).StatusCode);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public async Task Unknown_or_malformed_refresh_token_is_a_401(string token)
    {
        await (await app.Client.RefreshAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_refresh_token_is_a_400()
    {
        await (await app.Client.PostJsonAsync("/api/v1/auth/refresh", new { })).AssertValidationErrorAsync("refreshToken");
    }

    [Fact]
    public async Task Refresh_fails_at_once_for_a_disabled_account()
    {
        var account = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { account.Id });
        await (await app.Client.RefreshAsync(account.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_revokes_the_session_and_answers_204()
    {
        var account = await app.Client.RegisterAsync();
        var rotated = (await (await app.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync()).GetProperty("refreshToken").GetString()!;

        var logout = await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = rotated });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await app.Client.RefreshAsync(rotated)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await AccountsDb.ScalarAsync<long>(
            "SELECT count(*) FROM refresh_tokens WHERE user_id = @Id AND revoked_at IS NULL", new { account.Id }));
    }

    [Fact]
    public async Task Logout_with_an_old_token_of_the_session_ends_the_whole_session()
    {
        var account = await app.Client.RegisterAsync();
        var rotated = (await (await app.Client.RefreshAsync(account.RefreshToken)).ReadJsonAsync()).GetProperty("refreshToken").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = account.RefreshToken })).StatusCode);
        await (await app.Client.RefreshAsync(rotated)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_is_idempotent_and_unknown_tokens_also_get_204()
    {
        var account = await app.Client.RegisterAsync();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = account.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostJsonAsync("/api/v1/auth/logout",
            new { refreshToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = "short" })).StatusCode);
    }

    [Fact]
    public async Task Logout_of_one_session_leaves_the_others()
    {
        var account = await app.Client.RegisterAsync();
        var (_, other) = await app.Client.LoginAsync(account.Username, account.Password);
        await app.Client.PostJsonAsync("/api/v1/auth/logout", new { refreshToken = account.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, (await app.Client.RefreshAsync(other)).StatusCode);
    }
}
