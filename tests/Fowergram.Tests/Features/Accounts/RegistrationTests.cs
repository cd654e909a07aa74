using System.Net;
using System.Text.Json;
using Fowergram.Features.Accounts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class RegistrationTests(FowergramApp app)
{
    private static object Body(string username, string? email = null, string password = TestAccounts.DefaultPassword, string fullName = "Ada Lovelace") =>
        new { email = email ?? $"{username}@example.com", username, password, fullName };

    [Fact]
    public async Task Registration_answers_201_with_the_private_view_and_a_working_token_pair()
    {
        var username = TestAccounts.NewUsername();
        var response = await app.Client.PostJsonAsync("/api/v1/auth/register", Body(username));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/users/{username}", response.Headers.Location?.OriginalString);
        var user = body.GetProperty("user");
        Assert.Equal(username, user.GetProperty("username").GetString());
        Assert.Equal($"{username}@example.com", user.GetProperty("email").GetString());
        Assert.False(user.GetProperty("emailVerified").GetBoolean());
        Assert.Equal("Ada Lovelace", user.GetProperty("fullName").GetString());
        Assert.Equal("personal", user.GetProperty("profileCategory").GetString());
        Assert.Equal(0, user.GetProperty("externalLinks").GetArrayLength());
        Assert.False(user.TryGetProperty("password", out _) || user.TryGetProperty("hashedPassword", out _));
        Assert.True(body.GetProperty("accessTokenExpiresAt").GetDateTimeOffset() > app.Clock.GetUtcNow());
        Assert.True(body.GetProperty("refreshTokenExpiresAt").GetDateTimeOffset() > app.Clock.GetUtcNow().AddDays(29));

        var me = await app.Client.MeAsync(body.GetProperty("accessToken").GetString()!);
        Assert.Equal(user.GetProperty("id").GetGuid(), me.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.RefreshAsync(body.GetProperty("refreshToken").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task Username_and_email_are_stored_lower_case()
    {
        var username = TestAccounts.NewUsername();
        var body = await (await app.Client.PostJsonAsync("/api/v1/auth/register",
            Body(username.ToUpperInvariant(), $"  {username.ToUpperInvariant()}@Example.COM "))).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(username, body.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal($"{username}@example.com", body.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Stored_password_is_a_hash_not_the_password()
    {
        var account = await app.Client.RegisterAsync();
        var stored = await AccountsDb.PasswordHashAsync(account.Id);
        Assert.StartsWith("pbkdf2-sha256$", stored);
        Assert.DoesNotContain(account.Password, stored);
    }

    [Fact]
    public async Task Registration_enqueues_a_verification_event_carrying_only_the_user_id()
    {
        var account = await app.Client.RegisterAsync();
        var payload = await AccountsDb.ScalarAsync<string>(
            "SELECT payload::text FROM outbox WHERE type = @type AND payload->>'userId' = @id",
            new { type = AccountEvents.EmailVerificationRequested, id = account.Id.ToString() });
        var json = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(["userId"], json.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "")]
    [InlineData("email", "ada@localhost")]
    [InlineData("username", "has space")]
    [InlineData("username", "hyphen-ated")]
    [InlineData("username", ".leading")]
    [InlineData("username", "trailing.")]
    [InlineData("username", "double..dot")]
    [InlineData("username", "abcdefghijklmnopqrstuvwxyz12345")]
    [InlineData("username", "")]
    [InlineData("username", "me")]
    [InlineData("fullName", "This full name is far too long to be accepted because it runs past sixty-four characters")]
    [InlineData("fullName", "Ada\u2028Lovelace")]
    [InlineData("password", "Short1!")]
    [InlineData("password", "onlylowercaseletters")]
    [InlineData("password", "Password2024!")]
    public async Task Invalid_field_is_a_400_naming_it_and_creates_nothing(string field, string value)
    {
        var username = TestAccounts.NewUsername();
        var email = $"{username}@example.com";
        var body = new Dictionary<string, string>
        {
            ["email"] = email, ["username"] = username, ["password"] = TestAccounts.DefaultPassword, ["fullName"] = "Ada",
        };
        body[field] = value;
        var response = await app.Client.PostJsonAsync("/api/v1/auth/register", body);
        await response.AssertValidationErrorAsync(field);
        Assert.Equal(0, await AccountsDb.UsersWithEmailAsync(body["email"]));
    }

    [Fact]
    public async Task Password_containing_the_username_is_refused()
    {
        var username = TestAccounts.NewUsername();
        var response = await app.Client.PostJsonAsync("/api/v1/auth/register", Body(username, password: $"X-{username}-1"));
        await response.AssertValidationErrorAsync("password");
    }

    [Fact]
    public async Task Password_containing_the_email_local_part_is_refused()
    {
        var username = TestAccounts.NewUsername();
        var response = await app.Client.PostJsonAsync("/api/v1/auth/register",
            Body(username, email: $"mailbox{username}@example.com", password: $"Mailbox{username}!"));
        await response.AssertValidationErrorAsync("password");
    }

    [Fact]
    public async Task Missing_fields_are_each_reported()
    {
        var response = await app.Client.PostJsonAsync("/api/v1/auth/register", new { fullName = "Nobody" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _) && errors.TryGetProperty("username", out _) && errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Taken_email_in_another_case_is_a_409_naming_email()
    {
        var first = await app.Client.RegisterAsync();
        var response = await app.Client.PostJsonAsync("/api/v1/auth/register", Body(TestAccounts.NewUsername(), first.Email.ToUpperInvariant()));
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.False(problem.GetProperty("errors").TryGetProperty("username", out _));
    }

    [Fact]
    public async Task Taken_username_in_another_case_is_a_409_naming_username()
    {
        var first = await app.Client.RegisterAsync();
        var response = await app.Client.PostJsonAsync("/api/v1/auth/register",
            Body(first.Username.ToUpperInvariant(), $"{TestAccounts.NewUsername()}@example.com"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_username_create_one_account_and_409_the_rest()
    {
        var username = TestAccounts.NewUsername();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            app.Client.PostJsonAsync("/api/v1/auth/register", Body(username, $"{username}.{i}@example.com"))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await AccountsDb.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = @username", new { username }));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_create_one_account_and_409_the_rest()
    {
        var email = $"{TestAccounts.NewUsername()}@example.com";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            app.Client.PostJsonAsync("/api/v1/auth/register", Body(TestAccounts.NewUsername(), email))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await AccountsDb.UsersWithEmailAsync(email));
    }
}
