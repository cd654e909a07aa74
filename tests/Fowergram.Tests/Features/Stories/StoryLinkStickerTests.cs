using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>The link sticker (stories.link_url / link_text, migration 0098): an https address and an optional label, checked before anything is written.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryLinkStickerTests(FowergramApp app)
{
    private readonly StoryClient _stories = new(app);

    [Fact]
    public async Task A_story_carries_a_link_with_an_optional_label_to_everyone_who_sees_it()
    {
        var author = await _stories.NewUserAsync();
        var viewer = await _stories.NewUserAsync();

        var (labelled, body) = await _stories.CreateStoryAsync(author, fields: new { link = new { url = " https://example.com/sale?utm=story ", text = " Shop the sale " } });
        var (bare, _) = await _stories.CreateStoryAsync(author, fields: new { link = new { url = "https://example.org" } });

        Assert.Equal(("https://example.com/sale?utm=story", "Shop the sale"),
            (body.GetProperty("link").GetProperty("url").GetString(), body.GetProperty("link").GetProperty("text").GetString()));
        var seen = await _stories.GetJsonAsync($"/api/v1/stories/{labelled}", viewer);
        Assert.Equal("https://example.com/sale?utm=story", seen.GetProperty("link").GetProperty("url").GetString());
        var plain = await _stories.GetJsonAsync($"/api/v1/stories/{bare}", viewer);
        Assert.False(plain.GetProperty("link").TryGetProperty("text", out var t) && t.ValueKind != JsonValueKind.Null);
        var export = await _stories.GetJsonAsync("/api/v1/users/me/export", author);
        Assert.Contains(export.GetProperty("stories").EnumerateArray(), s => s.GetProperty("link").GetString() == "https://example.org");
    }

    /// <summary>
    /// A scheme's and a host's case mean nothing (RFC 3986), so they are kept in small letters, the rest as typed, as a
    /// product's shop page is (WebAddress.Normalize). Until 2026-12-07 "HTTPS://…" was kept as typed.
    /// </summary>
    [Fact]
    public async Task An_address_written_in_capitals_is_kept_with_its_scheme_and_host_in_small_letters()
    {
        var author = await _stories.NewUserAsync();

        var (_, body) = await _stories.CreateStoryAsync(author, fields: new { link = new { url = "HTTPS://Shop.Example.COM/Sale?Code=AB" } });

        Assert.Equal("https://shop.example.com/Sale?Code=AB", body.GetProperty("link").GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("https:/\\example.com/sale")]
    [InlineData("HTTPS:\\\\example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("example.com/no-scheme")]
    [InlineData("https://exa mple.com")]
    [InlineData("")]
    public async Task An_address_that_is_not_plain_https_is_refused_and_nothing_is_written(string url)
    {
        var author = await _stories.NewUserAsync();
        var upload = await _stories.UploadAsync(author);

        var refused = await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = upload, link = new { url } });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("link.url", out _));
        Assert.Equal(0L, await _stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = author.Id }));
    }

    [Fact]
    public async Task A_label_longer_than_fifty_characters_or_without_an_address_is_refused()
    {
        var author = await _stories.NewUserAsync();
        var upload = await _stories.UploadAsync(author);

        var tooLong = await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", author,
            new { uploadId = upload, link = new { url = "https://example.com", text = new string('x', 51) } });
        var noUrl = await _stories.SendAsync(HttpMethod.Post, "/api/v1/stories", author, new { uploadId = upload, link = new { text = "Shop" } });

        Assert.True((await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("link.text", out _));
        Assert.True((await noUrl.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("link.url", out _));
        Assert.Equal(0L, await _stories.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = author.Id }));
    }
}
