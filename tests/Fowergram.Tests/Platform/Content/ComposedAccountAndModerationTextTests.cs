using System.Net;
using Fowergram.Tests.Features.Accounts;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// The last user-written texts left as typed until session 56 are now composed (NFC; docs/api.md "Composed text") before they
/// are checked and stored: a profile link's title and the business category and address (nested in PATCH /users/me), a
/// passkey's name, a report's details and an appeal's message. Each is measured composed (a title of 30 accented letters
/// typed decomposed is 60 code points, and fits). Invisible characters alone are refused where a field may be left empty
/// (a report's details, a business address: docs/api.md "Invisible optional text") and where it may not (a business category,
/// a passkey's name, an appeal's message), each a 400 naming the field that changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ComposedAccountAndModerationTextTests(FowergramApp app)
{
    private const string Decomposed = "Jose\u0301 Caf\u0065\u0301";
    private const string Composed = "Jos\u00e9 Caf\u00e9";

    private readonly PostsClient _posts = new(app);

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    [Fact]
    public async Task Link_titles_and_business_details_are_composed_and_measured_composed()
    {
        var user = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new
        {
            bio = Decomposed,
            externalLinks = new[] { new { title = Repeat("e\u0301", 30), url = "https://a.example" }, new { title = Decomposed, url = "https://b.example" } },
            businessInfo = new { category = Decomposed, address = $"{Decomposed}\n1 Rue" },
        })).ReadJsonAsync();

        Assert.Equal($"{Repeat("\u00e9", 30)}|{Composed}|{Composed}|{Composed}\n1 Rue|{Composed}", await _posts.ScalarAsync<string>("""
            SELECT (SELECT string_agg(l ->> 'title', '|' ORDER BY i) FROM jsonb_array_elements(external_links) WITH ORDINALITY AS e (l, i))
                   || '|' || (business_info ->> 'category') || '|' || (business_info ->> 'address') || '|' || bio
              FROM users WHERE id = @id
            """, new { id = user.Id }));
    }

    [Fact]
    public async Task An_invisible_business_category_or_address_is_a_400_and_changes_nothing()
    {
        var user = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { businessInfo = new { category = "Bakery", address = "1 Rue" } }))
            .ReadJsonAsync();

        await (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { businessInfo = new { category = " \u200B " } }))
            .AssertValidationErrorAsync("businessInfo.category");
        await (await _posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { businessInfo = new { category = "Cafe", address = "\u2060\u200B" } }))
            .AssertValidationErrorAsync("businessInfo.address");

        Assert.Equal("Bakery|1 Rue", await _posts.ScalarAsync<string>(
            "SELECT (business_info ->> 'category') || '|' || (business_info ->> 'address') FROM users WHERE id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task A_passkey_name_is_composed_on_register_and_rename_and_an_invisible_name_is_refused()
    {
        var account = await app.Client.RegisterAsync();
        using var authenticator = new SoftwareAuthenticator();
        var added = await app.AddPasskeyAsync(account, authenticator, name: $" {Decomposed} ");
        Assert.Equal(Composed, added.GetProperty("name").GetString());
        var id = added.GetProperty("id").GetString();

        var renamed = await (await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = Repeat("e\u0301", 64) }, account.AccessToken))
            .ReadJsonAsync(); // 128 code points typed, 64 characters composed
        Assert.Equal(Repeat("\u00e9", 64), renamed.GetProperty("name").GetString());

        await (await app.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/users/me/passkeys/{id}", new { name = "\u200B\u200D" }, account.AccessToken))
            .AssertValidationErrorAsync("name");
        Assert.Equal(Repeat("\u00e9", 64), await app.ScalarAsync<string>("SELECT name FROM passkeys WHERE user_id = @id", new { id = account.Id }));
    }

    [Fact]
    public async Task Report_details_are_composed_invisible_details_are_a_400_and_empty_details_are_none()
    {
        var (reporter, author) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (first, second) = (await _posts.PostIdAsync(author), await _posts.PostIdAsync(author));

        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "post", targetId = first, reason = "spam", details = " \u200B\u2060 " }))
            .AssertValidationErrorAsync("details");
        Assert.Equal(0L, await ReportsAsync(reporter));

        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "post", targetId = first, reason = "spam", details = Repeat("e\u0301", 2000) }))
            .ReadJsonAsync(HttpStatusCode.Created); // 4,000 code points typed, 2,000 characters composed
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter, new { targetType = "post", targetId = second, reason = "spam", details = "  " }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal([Repeat("\u00e9", 2000), null], await _posts.QueryAsync<string?>(
            "SELECT details FROM reports WHERE reporter_id = @id ORDER BY target_id = @first DESC", new { id = reporter.Id, first }));
    }

    [Fact]
    public async Task A_suspension_appeal_is_composed_and_one_of_invisible_characters_alone_is_required_text_missing()
    {
        var moderator = await _posts.ModeratorAsync();
        var account = await app.Client.RegisterAsync();
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{account.Username}", moderator, new { reason = "spam ring" }))
            .EnsureSuccessStatusCode();

        await (await app.Client.PostJsonAsync("/api/v1/auth/appeals", new { login = account.Username, password = account.Password, message = "\u200B \u2060" }))
            .AssertValidationErrorAsync("message");
        var made = await (await app.Client.PostJsonAsync("/api/v1/auth/appeals", new { login = account.Username, password = account.Password, message = Decomposed }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(Composed, made.GetProperty("message").GetString());
        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT message FROM suspension_appeals WHERE user_id = @id", new { id = account.Id }));
    }

    [Fact]
    public async Task A_removal_appeal_is_composed()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author);
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = "post", targetId = post, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await _posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{report}/appeal", author, new { message = "\u200B" }))
            .AssertValidationErrorAsync("message");
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{report}/appeal", author, new { message = Decomposed }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(Composed, await _posts.ScalarAsync<string>("SELECT appeal_message FROM content_removals WHERE report_id = @report", new { report }));
    }

    private Task<long> ReportsAsync(TestUser reporter) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM reports WHERE reporter_id = @id", new { id = reporter.Id });
}
