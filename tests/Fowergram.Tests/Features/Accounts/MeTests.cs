using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class MeTests(FowergramApp app)
{
    private Task<HttpResponseMessage> PatchAsync(TestAccount account, string json) =>
        app.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me", json, token: account.AccessToken);

    private async Task<JsonElement> PatchOkAsync(TestAccount account, string json) => await (await PatchAsync(account, json)).ReadJsonAsync();

    [Fact]
    public async Task Me_shows_the_private_view()
    {
        var account = await app.Client.RegisterAsync(fullName: "Ada Lovelace");
        var me = await app.Client.MeAsync(account.AccessToken);
        Assert.Equal(account.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(account.Username, me.GetProperty("username").GetString());
        Assert.Equal(account.Email, me.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", me.GetProperty("fullName").GetString());
        Assert.False(me.GetProperty("emailVerified").GetBoolean());
        Assert.False(me.GetProperty("isPrivate").GetBoolean());
        Assert.False(me.GetProperty("isVerified").GetBoolean());
        Assert.Equal("personal", me.GetProperty("profileCategory").GetString());
        Assert.Equal(JsonValueKind.String, me.GetProperty("createdAt").ValueKind);
    }

    [Fact]
    public async Task Patch_sets_every_editable_field_and_returns_the_updated_view()
    {
        var account = await app.Client.RegisterAsync();
        var me = await PatchOkAsync(account, """
            {
              "fullName": "  Ada King  ", "bio": "Analyst.\nPoet.", "phoneNumber": "+442071838750", "dateOfBirth": "1990-12-10",
              "gender": "female", "profileCategory": "business", "isPrivate": true,
              "externalLinks": [{"title": "Notes", "url": "https://example.com/notes"}, {"url": "http://example.org"}],
              "businessInfo": {"category": "Engineering", "email": "Office@Example.com", "phone": "+442071838751", "address": "12 St James's Square, London"}
            }
            """);
        Assert.Equal("Ada King", me.GetProperty("fullName").GetString());
        Assert.Equal("Analyst.\nPoet.", me.GetProperty("bio").GetString());
        Assert.Equal("+442071838750", me.GetProperty("phoneNumber").GetString());
        Assert.Equal("1990-12-10", me.GetProperty("dateOfBirth").GetString());
        Assert.Equal("female", me.GetProperty("gender").GetString());
        Assert.Equal("business", me.GetProperty("profileCategory").GetString());
        Assert.True(me.GetProperty("isPrivate").GetBoolean());
        var links = me.GetProperty("externalLinks");
        Assert.Equal(("Notes", "https://example.com/notes"), (links[0].GetProperty("title").GetString(), links[0].GetProperty("url").GetString()));
        Assert.Equal(("", "http://example.org"), (links[1].GetProperty("title").GetString(), links[1].GetProperty("url").GetString()));
        var business = me.GetProperty("businessInfo");
        Assert.Equal("Engineering", business.GetProperty("category").GetString());
        Assert.Equal("office@example.com", business.GetProperty("email").GetString());
        Assert.Equal("+442071838751", business.GetProperty("phone").GetString());

        Assert.Equal(me.ToString(), (await app.Client.MeAsync(account.AccessToken)).ToString()); // persisted
    }

    /// <summary>
    /// A link's scheme and host are kept in small letters, its path as typed (WebAddress.Normalize, as stories' and products'
    /// addresses); a backslash Uri would read as a slash is refused. Until 2026-12-07 "HTTPS://…" was kept as typed and
    /// "https:/\\host" accepted.
    /// </summary>
    [Fact]
    public async Task A_link_written_in_capitals_is_kept_with_its_scheme_and_host_in_small_letters()
    {
        var account = await app.Client.RegisterAsync(fullName: "Ada");

        var me = await PatchOkAsync(account, """{"externalLinks": [{"url": "HTTPS://Ada.Example.ORG/Notes"}, {"url": "Http://user@WWW.example.org:8080/A"}]}""");

        var links = me.GetProperty("externalLinks");
        Assert.Equal(("https://ada.example.org/Notes", "http://user@www.example.org:8080/A"),
            (links[0].GetProperty("url").GetString(), links[1].GetProperty("url").GetString()));
    }

    [Fact]
    public async Task Absent_fields_stay_and_null_clears()
    {
        var account = await app.Client.RegisterAsync(fullName: "Ada");
        await PatchOkAsync(account, """
            {"bio": "Hello", "phoneNumber": "+14155550123", "gender": "other", "dateOfBirth": "2000-01-01",
             "externalLinks": [{"title": "x", "url": "https://example.com"}], "businessInfo": {"category": "Shop"}}
            """);

        var me = await PatchOkAsync(account, """{"bio": null, "phoneNumber": null, "externalLinks": null, "businessInfo": null}""");
        Assert.Equal("", me.GetProperty("bio").GetString());
        Assert.False(me.TryGetProperty("phoneNumber", out _));
        Assert.Equal(0, me.GetProperty("externalLinks").GetArrayLength());
        Assert.False(me.TryGetProperty("businessInfo", out _));
        Assert.Equal("Ada", me.GetProperty("fullName").GetString()); // absent: unchanged
        Assert.Equal("other", me.GetProperty("gender").GetString());
        Assert.Equal("2000-01-01", me.GetProperty("dateOfBirth").GetString());

        me = await PatchOkAsync(account, """{"gender": null, "dateOfBirth": null, "fullName": null}""");
        Assert.False(me.TryGetProperty("gender", out _) || me.TryGetProperty("dateOfBirth", out _));
        Assert.Equal("", me.GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task Empty_patch_changes_nothing()
    {
        var account = await app.Client.RegisterAsync();
        var before = await app.Client.MeAsync(account.AccessToken);
        Assert.Equal(before.ToString(), (await PatchOkAsync(account, "{}")).ToString());
    }

    [Fact]
    public async Task Patch_moves_updated_at()
    {
        var account = await app.Client.RegisterAsync();
        await AccountsDb.ExecuteAsync("UPDATE users SET updated_at = '2000-01-01' WHERE id = @Id", new { account.Id });
        await PatchOkAsync(account, """{"bio": "new"}""");
        var updated = await AccountsDb.ScalarAsync<DateTime>("SELECT updated_at FROM users WHERE id = @Id", new { account.Id });
        Assert.True(updated > new DateTime(2001, 1, 1));
    }

    [Theory]
    [InlineData("""{"fullName": "This full name is far too long to be accepted because it runs past sixty-four characters"}""", "fullName")]
    [InlineData("""{"fullName": "tab\there"}""", "fullName")]
    [InlineData("""{"fullName": 5}""", "fullName")]
    [InlineData("""{"fullName": "Ada\u2028King"}""", "fullName")]
    [InlineData("""{"fullName": "🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷🌷"}""", "fullName")]
    [InlineData("""{"externalLinks": [{"url": "https://example.com", "title": "Notes\u2029Shop"}]}""", "externalLinks[0].title")]
    [InlineData("""{"externalLinks": [{"url": "https:/\\example.com"}]}""", "externalLinks[0].url")]
    [InlineData("""{"externalLinks": [{"url": "HTTP:\\\\example.com"}]}""", "externalLinks[0].url")]
    [InlineData("""{"businessInfo": {"category": "Shop\u2028Cafe"}}""", "businessInfo.category")]
    [InlineData("""{"bio": "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"}""", "bio")]
    [InlineData("""{"phoneNumber": "555-0123"}""", "phoneNumber")]
    [InlineData("""{"phoneNumber": "+0123456789"}""", "phoneNumber")]
    [InlineData("""{"dateOfBirth": "10/12/1990"}""", "dateOfBirth")]
    [InlineData("""{"dateOfBirth": "1990-02-30"}""", "dateOfBirth")]
    [InlineData("""{"dateOfBirth": "2999-01-01"}""", "dateOfBirth")]
    [InlineData("""{"dateOfBirth": 19901210}""", "dateOfBirth")]
    [InlineData("""{"gender": "unknown"}""", "gender")]
    [InlineData("""{"profileCategory": "celebrity"}""", "profileCategory")]
    [InlineData("""{"profileCategory": null}""", "profileCategory")]
    [InlineData("""{"isPrivate": "yes"}""", "isPrivate")]
    [InlineData("""{"isPrivate": null}""", "isPrivate")]
    [InlineData("""{"username": null}""", "username")]
    [InlineData("""{"username": "bad name"}""", "username")]
    [InlineData("""{"username": "double..dot"}""", "username")]
    [InlineData("""{"avatar": "https://example.com/me.png"}""", "avatar")]
    [InlineData("""{"externalLinks": "https://example.com"}""", "externalLinks")]
    [InlineData("""{"externalLinks": [{"url":"https://a.com"},{"url":"https://b.com"},{"url":"https://c.com"},{"url":"https://d.com"},{"url":"https://e.com"},{"url":"https://f.com"}]}""", "externalLinks")]
    [InlineData("""{"externalLinks": [{"title": "x"}]}""", "externalLinks[0].url")]
    [InlineData("""{"externalLinks": [{"url": "ftp://example.com"}]}""", "externalLinks[0].url")]
    [InlineData("""{"externalLinks": [{"url": "javascript:alert(1)"}]}""", "externalLinks[0].url")]
    [InlineData("""{"externalLinks": [{"url": "/relative"}]}""", "externalLinks[0].url")]
    [InlineData("""{"externalLinks": [{"url": "https://example.com", "title": "A title that is much too long to fit"}]}""", "externalLinks[0].title")]
    [InlineData("""{"externalLinks": ["https://example.com"]}""", "externalLinks[0]")]
    [InlineData("""{"businessInfo": "shop"}""", "businessInfo")]
    [InlineData("""{"businessInfo": {"email": "a@example.com"}}""", "businessInfo.category")]
    [InlineData("""{"businessInfo": {"category": ""}}""", "businessInfo.category")]
    [InlineData("""{"businessInfo": {"category": "Shop", "email": "nope"}}""", "businessInfo.email")]
    [InlineData("""{"businessInfo": {"category": "Shop", "phone": "12345"}}""", "businessInfo.phone")]
    [InlineData("""{"businessInfo": {"category": "Shop", "address": 12}}""", "businessInfo.address")]
    public async Task Invalid_patch_is_a_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var account = await app.Client.RegisterAsync();
        var before = await app.Client.MeAsync(account.AccessToken);
        // A valid change rides along: nothing of the patch may be applied when any field is invalid.
        var companion = json.Contains("\"isPrivate\"") ? "\"bio\": \"should not be saved\"" : "\"isPrivate\": true";
        var combined = json.TrimEnd()[..^1] + ", " + companion + "}";
        await (await PatchAsync(account, combined)).AssertValidationErrorAsync(field);
        Assert.Equal(before.ToString(), (await app.Client.MeAsync(account.AccessToken)).ToString());
    }

    /// <summary>
    /// Limits count characters as the table's CHECKs do (code points, docs/api.md "Text limits"): a name or bio of emoji at the
    /// limit is taken, though each emoji is two UTF-16 units.
    /// </summary>
    [Fact]
    public async Task Text_limits_count_characters_so_emoji_up_to_the_limit_are_taken()
    {
        var account = await app.Client.RegisterAsync();
        static string Tulips(int count) => string.Concat(Enumerable.Repeat("🌷", count));
        var me = await PatchOkAsync(account, JsonSerializer.Serialize(new
        {
            fullName = Tulips(64), bio = Tulips(150), externalLinks = new[] { new { title = Tulips(30), url = "https://example.com" } },
            businessInfo = new { category = Tulips(64), address = Tulips(200) },
        }));
        Assert.Equal(Tulips(64), me.GetProperty("fullName").GetString());
        Assert.Equal(Tulips(150), me.GetProperty("bio").GetString());
        Assert.Equal(Tulips(30), me.GetProperty("externalLinks")[0].GetProperty("title").GetString());
        Assert.Equal(Tulips(200), me.GetProperty("businessInfo").GetProperty("address").GetString());
        await (await PatchAsync(account, JsonSerializer.Serialize(new { bio = Tulips(151) }))).AssertValidationErrorAsync("bio");
    }

    [Fact]
    public async Task Overlong_link_url_is_refused()
    {
        var account = await app.Client.RegisterAsync();
        var url = "https://example.com/" + new string('a', 2048);
        await (await PatchAsync(account, $$"""{"externalLinks": [{"url": "{{url}}"}]}""")).AssertValidationErrorAsync("externalLinks[0].url");
    }

    [Fact]
    public async Task Under_13_is_refused_and_exactly_13_is_accepted()
    {
        var account = await app.Client.RegisterAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        await (await PatchAsync(account, $$"""{"dateOfBirth": "{{today.AddYears(-13).AddDays(1):yyyy-MM-dd}}"}""")).AssertValidationErrorAsync("dateOfBirth");
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(account, $$"""{"dateOfBirth": "{{today.AddYears(-13):yyyy-MM-dd}}"}""")).StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var account = await app.Client.RegisterAsync();
        var me = await PatchOkAsync(account, """{"isVerified": true, "email": "other@example.com", "id": "00000000-0000-0000-0000-000000000000", "bio": "hi"}""");
        Assert.False(me.GetProperty("isVerified").GetBoolean());
        Assert.Equal(account.Email, me.GetProperty("email").GetString());
        Assert.Equal(account.Id, me.GetProperty("id").GetGuid());
        Assert.Equal("hi", me.GetProperty("bio").GetString());
    }

    [Fact]
    public async Task Username_change_follows_the_rules_and_frees_the_old_name()
    {
        var account = await app.Client.RegisterAsync();
        var renamed = TestAccounts.NewUsername("r");
        var me = await PatchOkAsync(account, $$"""{"username": "{{renamed.ToUpperInvariant()}}"}""");
        Assert.Equal(renamed, me.GetProperty("username").GetString());
        await app.Client.LoginAsync(renamed, account.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"/api/v1/users/{account.Username}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/api/v1/users/{renamed}")).StatusCode);
    }

    [Fact]
    public async Task Renaming_to_ones_own_name_in_another_case_is_allowed()
    {
        var account = await app.Client.RegisterAsync();
        var me = await PatchOkAsync(account, $$"""{"username": "{{account.Username.ToUpperInvariant()}}"}""");
        Assert.Equal(account.Username, me.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Renaming_to_a_taken_username_in_any_case_is_a_409()
    {
        var account = await app.Client.RegisterAsync();
        var other = await app.Client.RegisterAsync();
        var problem = await (await PatchAsync(account, $$"""{"username": "{{other.Username.ToUpperInvariant()}}"}""")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
        Assert.Equal(account.Username, (await app.Client.MeAsync(account.AccessToken)).GetProperty("username").GetString());
    }

    [Fact]
    public async Task Concurrent_renames_to_one_name_let_exactly_one_win()
    {
        var accounts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.Client.RegisterAsync()));
        var wanted = TestAccounts.NewUsername("w");
        var responses = await Task.WhenAll(accounts.Select(a => PatchAsync(a, $$"""{"username": "{{wanted}}"}""")));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Concurrent_patches_of_different_fields_both_stick()
    {
        var account = await app.Client.RegisterAsync();
        await Task.WhenAll(PatchAsync(account, """{"bio": "from one"}"""), PatchAsync(account, """{"gender": "other"}"""));
        var me = await app.Client.MeAsync(account.AccessToken);
        Assert.Equal(("from one", "other"), (me.GetProperty("bio").GetString(), me.GetProperty("gender").GetString()));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("{\"bio\": ")]
    [InlineData("{\"bio\": \"a\", \"bio\": \"b\"}")]
    public async Task Body_that_is_not_a_single_json_object_is_a_400(string json)
    {
        var account = await app.Client.RegisterAsync();
        await (await PatchAsync(account, json)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("", (await app.Client.MeAsync(account.AccessToken)).GetProperty("bio").GetString());
    }

    [Fact]
    public async Task Patch_with_the_wrong_content_type_is_a_415()
    {
        var account = await app.Client.RegisterAsync();
        var response = await app.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me", "bio=x", "text/plain", account.AccessToken);
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Oversize_patch_is_a_413()
    {
        var account = await app.Client.RegisterAsync();
        var response = await PatchAsync(account, $$"""{"bio": "{{new string('a', 70_000)}}"}""");
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
