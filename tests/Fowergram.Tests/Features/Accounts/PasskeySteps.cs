using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>The passkey ceremonies over HTTP, as a client runs them with an authenticator.</summary>
internal static class PasskeySteps
{
    /// <summary>POST /users/me/passkeys/options with the password: the whole answer ({challengeId, publicKey}).</summary>
    public static async Task<JsonElement> CreationOptionsAsync(this FowergramApp app, TestAccount account) =>
        await (await app.Client.PostJsonAsync("/api/v1/users/me/passkeys/options", new { password = account.Password }, account.AccessToken)).ReadJsonAsync();

    public static Task<HttpResponseMessage> SendRegistrationAsync(this FowergramApp app, TestAccount account, JsonElement options, object credential,
        string? name = "My phone") =>
        app.Client.PostJsonAsync("/api/v1/users/me/passkeys",
            new { challengeId = options.GetProperty("challengeId").GetString(), name, credential }, account.AccessToken);

    /// <summary>Registers the authenticator's key with the account; answers the new passkey.</summary>
    public static async Task<JsonElement> AddPasskeyAsync(this FowergramApp app, TestAccount account, SoftwareAuthenticator authenticator,
        string name = "My phone")
    {
        var options = await app.CreationOptionsAsync(account);
        return await (await app.SendRegistrationAsync(account, options, authenticator.Create(options.GetProperty("publicKey")), name))
            .ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>POST /auth/passkeys/options, for a login or (none) a discoverable key.</summary>
    public static async Task<JsonElement> SignInOptionsAsync(this FowergramApp app, string? login = null) =>
        await (await app.Client.PostJsonAsync("/api/v1/auth/passkeys/options", login is null ? new { } : new { login })).ReadJsonAsync();

    public static Task<HttpResponseMessage> SendSignInAsync(this FowergramApp app, JsonElement options, object credential) =>
        app.Client.PostJsonAsync("/api/v1/auth/passkeys/login", new { challengeId = options.GetProperty("challengeId").GetString(), credential });

    /// <summary>Signs in with the authenticator's key (discoverable): the answer.</summary>
    public static async Task<HttpResponseMessage> PasskeySignInAsync(this FowergramApp app, SoftwareAuthenticator authenticator, string? login = null)
    {
        var options = await app.SignInOptionsAsync(login);
        return await app.SendSignInAsync(options, authenticator.Get(options.GetProperty("publicKey")));
    }

    /// <summary>One value read straight from the database (a counter, a row count).</summary>
    public static async Task<T> ScalarAsync<T>(this FowergramApp app, string sql, object args)
    {
        await using var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static async Task<List<JsonElement>> PasskeysAsync(this FowergramApp app, TestAccount account) =>
        (await (await app.Client.GetAsync("/api/v1/users/me/passkeys", account.AccessToken)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().ToList();
}
