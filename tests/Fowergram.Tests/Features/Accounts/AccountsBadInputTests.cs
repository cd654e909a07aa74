using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>Every body-reading accounts endpoint answers malformed input with a 4xx problem, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountsBadInputTests(FowergramApp app)
{
    public static TheoryData<string> BodyEndpoints =>
    [
        "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout",
        "/api/v1/auth/email/verify", "/api/v1/auth/password/forgot", "/api/v1/auth/password/reset",
    ];

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Malformed_json_is_a_400(string url)
    {
        var response = await app.Client.SendRawAsync(HttpMethod.Post, url, "{\"email\": ");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Empty_body_is_a_400(string url)
    {
        var response = await app.Client.SendRawAsync(HttpMethod.Post, url, "");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Json_that_is_not_an_object_is_a_400(string url)
    {
        foreach (var body in new[] { "null", "[]", "42", "\"text\"" })
            await (await app.Client.SendRawAsync(HttpMethod.Post, url, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Wrong_content_type_is_a_415(string url)
    {
        var response = await app.Client.SendRawAsync(HttpMethod.Post, url, "email=a@example.com", "application/x-www-form-urlencoded");
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await app.Client.SendRawAsync(HttpMethod.Post, url, "{}", contentType: null)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Oversize_body_is_a_413(string url)
    {
        var response = await app.Client.SendRawAsync(HttpMethod.Post, url, $"{{\"email\":\"{new string('a', 70_000)}\"}}");
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Empty_object_is_a_400_validation_problem(string url)
    {
        var problem = await (await app.Client.SendRawAsync(HttpMethod.Post, url, "{}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/v1/auth/register", """{"email":5,"username":"x","password":"y"}""", "email")]
    [InlineData("/api/v1/auth/register", """{"email":"a@example.com","username":["x"],"password":"y"}""", "username")]
    [InlineData("/api/v1/auth/login", """{"login":true,"password":"y"}""", "login")]
    [InlineData("/api/v1/auth/login", """{"login":"ada","password":{"a":1}}""", "password")]
    [InlineData("/api/v1/auth/refresh", """{"refreshToken":123}""", "refreshToken")]
    [InlineData("/api/v1/auth/logout", """{"refreshToken":[]}""", "refreshToken")]
    [InlineData("/api/v1/auth/email/verify", """{"token":1.5}""", "token")]
    [InlineData("/api/v1/auth/password/forgot", """{"email":null}""", "email")]
    [InlineData("/api/v1/auth/password/reset", """{"token":"x","newPassword":12345678901}""", "newPassword")]
    public async Task Wrong_type_is_a_400_naming_the_field(string url, string body, string field)
    {
        await (await app.Client.SendRawAsync(HttpMethod.Post, url, body)).AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task Duplicate_members_are_refused_as_malformed()
    {
        var username = TestAccounts.NewUsername();
        var body = $$"""{"email":"{{username}}@example.com","username":"{{username}}","username":"other","password":"{{TestAccounts.DefaultPassword}}"}""";
        var response = await app.Client.SendRawAsync(HttpMethod.Post, "/api/v1/auth/register", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await AccountsDb.UsersWithEmailAsync($"{username}@example.com"));
    }

    [Fact]
    public async Task Unknown_members_are_ignored()
    {
        var username = TestAccounts.NewUsername();
        var body = $$"""{"email":"{{username}}@example.com","username":"{{username}}","password":"{{TestAccounts.DefaultPassword}}","isVerified":true,"role":"admin"}""";
        var created = await (await app.Client.SendRawAsync(HttpMethod.Post, "/api/v1/auth/register", body)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.False(created.GetProperty("user").GetProperty("isVerified").GetBoolean());
    }

    [Theory]
    [InlineData("GET", "/api/v1/users/me")]
    [InlineData("PATCH", "/api/v1/users/me")]
    [InlineData("POST", "/api/v1/auth/email/verification")]
    public async Task Bearer_endpoints_refuse_anonymous_callers_with_401_and_WWW_Authenticate(string method, string url)
    {
        var response = await app.Client.SendRawAsync(new HttpMethod(method), url, "{}");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIwMTkzMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJuYW1lIjoiYWRhIn0.")]
    public async Task Garbage_or_alg_none_bearer_token_is_a_401(string token)
    {
        var response = await app.Client.GetAsync("/api/v1/users/me", token);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Tampered_bearer_token_is_a_401()
    {
        var account = await app.Client.RegisterAsync();
        var parts = account.AccessToken.Split('.');
        var signature = parts[2].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';
        var tampered = $"{parts[0]}.{parts[1]}.{new string(signature)}";
        await (await app.Client.GetAsync("/api/v1/users/me", tampered)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
