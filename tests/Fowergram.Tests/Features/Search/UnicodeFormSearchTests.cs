using System.Net;
using System.Text;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Search;

/// <summary>
/// An accented letter has two spellings in Unicode: one code point (NFC, "é" U+00E9, what most keyboards send) and a letter
/// followed by a combining mark (NFD, "e" U+0301, what macOS file names and some keyboards send). They look the same, so a
/// search or a place must not tell them apart: search terms and place names are composed (NFC) before they are compared,
/// and a place is stored composed (docs/posts.md "Places", docs/social-graph.md "Search").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnicodeFormSearchTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    /// <summary>
    /// The two forms, spelt out: the tests run in .NET's invariant globalization mode too, where string.Normalize changes
    /// nothing. Each accented letter of <paramref name="text"/> is written as its <c>{é}</c>-style placeholder.
    /// </summary>
    private static string Composed(string text) => text.Replace("{é}", "\u00e9").Replace("{ñ}", "\u00f1");
    private static string Decomposed(string text) => text.Replace("{é}", "e\u0301").Replace("{ñ}", "n\u0303");

    /// <summary>A word of its own with accents in it, so no other test's rows match.</summary>
    private static string Word() => "caf{é}" + Guid.NewGuid().ToString("N")[..8] + "a{ñ}o";

    [Fact]
    public async Task A_place_is_one_place_whichever_form_its_accents_were_typed_in()
    {
        var word = Word();
        var place = $"R{{é}}sidence {word}";
        Assert.NotEqual(Composed(place), Decomposed(place));
        var author = await _posts.NewUserAsync();
        var composed = await PostAtAsync(author, Composed(place));
        var decomposed = await PostAtAsync(author, Decomposed(place));
        var both = await _posts.NewestFirstAsync(composed, decomposed);

        foreach (var asked in new[] { Composed(place), Decomposed(place) })
        {
            var page = await (await _posts.GetAsync($"/api/v1/locations/posts?name={Uri.EscapeDataString(asked)}", (TestUser?)null)).ReadJsonAsync();
            Assert.Equal(both, page.GetProperty("posts").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            var found = await (await _posts.GetAsync($"/api/v1/locations/search?q={Uri.EscapeDataString(asked)}", (TestUser?)null)).ReadJsonAsync();
            var only = Assert.Single(found.GetProperty("items").EnumerateArray());
            Assert.Equal(2, only.GetProperty("postCount").GetInt64());
            Assert.Equal(Composed(place), only.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task Account_search_finds_a_name_whichever_form_the_term_was_typed_in()
    {
        var word = Word();
        var account = await app.Client.RegisterAsync(fullName: Composed($"Ren{{é}}e {word}"));

        foreach (var route in new[] { "/api/v1/users/search", "/api/v1/search" })
        {
            var found = await (await app.Client.GetAsync($"{route}?q={Uri.EscapeDataString(Decomposed(word))}", (string?)null)).ReadJsonAsync();
            var items = found.TryGetProperty("accounts", out var accounts) ? accounts : found.GetProperty("items");
            Assert.Equal([account.Id], items.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        }
    }

    [Fact]
    public async Task Keyword_search_finds_a_caption_whichever_form_the_term_was_typed_in()
    {
        var word = Word();
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author, Composed($"coffee at the {word}"));

        foreach (var sort in new[] { "recent", "relevant" })
        {
            var found = await (await _posts.GetAsync($"/api/v1/search/posts?sort={sort}&q={Uri.EscapeDataString(Decomposed(word))}", (TestUser?)null))
                .ReadJsonAsync();
            Assert.Equal([post], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        }
    }

    [Fact]
    public async Task Music_search_finds_a_title_whichever_form_the_term_was_typed_in()
    {
        var word = Word();
        var track = await MusicTracks.InsertAsync(new StoryClient(app), title: Composed($"Caf{{é}} {word}"));

        var found = await (await app.Client.GetAsync($"/api/v1/music/tracks?q={Uri.EscapeDataString(Decomposed(word))}", (string?)null)).ReadJsonAsync();

        Assert.Equal([track], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    /// <summary>
    /// A few letters decompose under NFC (composition exclusions: U+0958 DEVANAGARI QA is U+0915 U+093C), so composing can
    /// lengthen a place past the column's 100 characters: it is then kept as typed, never a failed CHECK (a 500).
    /// </summary>
    [Fact]
    public async Task A_place_that_composing_would_lengthen_past_the_limit_is_kept_as_typed()
    {
        var place = Guid.NewGuid().ToString("N") + string.Concat(Enumerable.Repeat("\u0958", 68)); // 100 characters, 168 composed
        var author = await _posts.NewUserAsync();
        var post = await PostAtAsync(author, place);

        var page = await (await _posts.GetAsync($"/api/v1/locations/posts?name={Uri.EscapeDataString(place)}", author)).ReadJsonAsync();
        Assert.Equal([post], page.GetProperty("posts").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(place, await _posts.ScalarAsync<string>("SELECT location FROM posts WHERE id = @post", new { post }));
    }

    private async Task<Guid> PostAtAsync(TestUser author, string location)
    {
        var media = new[] { new { uploadId = (await _posts.UploadAsync(author)).UploadId } };
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media, location })).ReadJsonAsync(HttpStatusCode.Created);
        return post.GetProperty("id").GetGuid();
    }
}
