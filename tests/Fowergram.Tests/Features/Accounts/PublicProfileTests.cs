using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class PublicProfileTests(FowergramApp app)
{
    private static readonly string[] PublicFields =
        ["id", "username", "fullName", "bio", "externalLinks", "isPrivate", "isVerified", "profileCategory"];

    // Added by the social graph's profile section (tests/Features/Social/ProfileRelationshipTests.cs).
    private static readonly string[] SocialSections = ["counts"];

    [Fact]
    public async Task Anyone_sees_the_public_fields_only()
    {
        var account = await app.Client.RegisterAsync(fullName: "Ada Lovelace");
        await app.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me", """
            {"bio": "Hi", "phoneNumber": "+14155550123", "dateOfBirth": "1990-01-01", "gender": "female",
             "externalLinks": [{"title": "Site", "url": "https://example.com"}], "businessInfo": {"category": "Shop", "email": "shop@example.com"}}
            """, token: account.AccessToken);

        var profile = await (await app.Client.GetAsync($"/api/v1/users/{account.Username}")).ReadJsonAsync();
        Assert.Equal(PublicFields.Concat(SocialSections).Order(), profile.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(account.Id, profile.GetProperty("id").GetGuid());
        Assert.Equal("Ada Lovelace", profile.GetProperty("fullName").GetString());
        Assert.Equal("Hi", profile.GetProperty("bio").GetString());
        Assert.Equal("https://example.com", profile.GetProperty("externalLinks")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Business_accounts_show_their_business_info()
    {
        var account = await app.Client.RegisterAsync();
        await app.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me",
            """{"profileCategory": "business", "businessInfo": {"category": "Bakery", "phone": "+14155550123"}}""", token: account.AccessToken);
        var profile = await (await app.Client.GetAsync($"/api/v1/users/{account.Username}")).ReadJsonAsync();
        Assert.Equal("business", profile.GetProperty("profileCategory").GetString());
        Assert.Equal("Bakery", profile.GetProperty("businessInfo").GetProperty("category").GetString());
        Assert.Equal("+14155550123", profile.GetProperty("businessInfo").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Username_lookup_ignores_case()
    {
        var account = await app.Client.RegisterAsync();
        var profile = await (await app.Client.GetAsync($"/api/v1/users/{account.Username.ToUpperInvariant()}")).ReadJsonAsync();
        Assert.Equal(account.Id, profile.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Signed_in_callers_see_the_same_public_fields()
    {
        var account = await app.Client.RegisterAsync();
        var viewer = await app.Client.RegisterAsync();
        var anonymous = await (await app.Client.GetAsync($"/api/v1/users/{account.Username}")).ReadJsonAsync();
        var signedIn = await (await app.Client.GetAsync($"/api/v1/users/{account.Username}", viewer.AccessToken)).ReadJsonAsync();
        foreach (var field in PublicFields)
            Assert.Equal(anonymous.GetProperty(field).ToString(), signedIn.GetProperty(field).ToString());
    }

    [Fact]
    public async Task An_account_is_found_by_its_id_too_under_the_same_rules()
    {
        var account = await app.Client.RegisterAsync();
        var blocked = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @b)", new { a = account.Id, b = blocked.Id });

        var byId = await (await app.Client.GetAsync($"/api/v1/users/{account.Id}")).ReadJsonAsync();
        var byName = await (await app.Client.GetAsync($"/api/v1/users/{account.Username}")).ReadJsonAsync();
        Assert.Equal(byName.GetRawText(), byId.GetRawText());
        await (await app.Client.GetAsync($"/api/v1/users/{account.Id}", blocked.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/users/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await AccountsDb.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { account.Id });
        await (await app.Client.GetAsync($"/api/v1/users/{account.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("nobody-with-dash")]
    [InlineData("x%20y")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234567890")]
    public async Task Malformed_username_is_a_404(string username)
    {
        await (await app.Client.GetAsync($"/api/v1/users/{username}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_username_is_a_404()
    {
        await (await app.Client.GetAsync($"/api/v1/users/{TestAccounts.NewUsername()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleted_or_disabled_accounts_are_404()
    {
        var deleted = await app.Client.RegisterAsync();
        var disabled = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { deleted.Id });
        await AccountsDb.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { disabled.Id });
        await (await app.Client.GetAsync($"/api/v1/users/{deleted.Username}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/users/{disabled.Username}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
