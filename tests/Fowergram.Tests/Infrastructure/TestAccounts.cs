using System.Net;
using System.Text.Json;

namespace Fowergram.Tests.Infrastructure;

/// <summary>An account registered through the API, with the tokens it was given.</summary>
public sealed record TestAccount(Guid Id, string Username, string Email, string Password, string AccessToken, string RefreshToken);

/// <summary>Registers and logs in through the real endpoints; every account has a unique name.</summary>
public static class TestAccounts
{
    public const string DefaultPassword = "Sunflower-meadow-42";

    public static string NewUsername(string prefix = "u") => prefix + Guid.NewGuid().ToString("N")[..12];

    public static async Task<TestAccount> RegisterAsync(this HttpClient client, string? username = null, string? email = null,
        string password = DefaultPassword, string fullName = "Test User")
    {
        username ??= NewUsername();
        email ??= $"{username}@example.com";
        var response = await client.PostJsonAsync("/api/v1/auth/register", new { email, username, password, fullName });
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return new TestAccount(body.GetProperty("user").GetProperty("id").GetGuid(), body.GetProperty("user").GetProperty("username").GetString()!,
            body.GetProperty("user").GetProperty("email").GetString()!, password,
            body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>Logs in and returns the token pair (asserts 200).</summary>
    public static async Task<(string AccessToken, string RefreshToken)> LoginAsync(this HttpClient client, string login, string password)
    {
        var body = await (await client.PostJsonAsync("/api/v1/auth/login", new { login, password })).ReadJsonAsync();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    public static Task<HttpResponseMessage> RefreshAsync(this HttpClient client, string refreshToken) =>
        client.PostJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    public static async Task<JsonElement> MeAsync(this HttpClient client, string accessToken) =>
        await (await client.GetAsync("/api/v1/users/me", accessToken)).ReadJsonAsync();
}
