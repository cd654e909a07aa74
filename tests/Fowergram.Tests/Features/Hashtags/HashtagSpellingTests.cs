using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>
/// One hashtag however its letters are encoded (migration 0219, Unicode NFC): "é" typed precomposed (U+00E9) and decomposed
/// (e, U+0301) read the same and were two hashtags — two pages, two counts, two follows.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HashtagSpellingTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("posts").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Precomposed_and_decomposed_spellings_are_one_hashtag_on_every_path()
    {
        var stem = "caf" + Guid.NewGuid().ToString("N")[..10];
        var (composed, decomposed) = (stem + "\u00e9", stem + "e\u0301");
        var author = await _posts.NewUserAsync();
        var first = await _posts.PostIdAsync(author, $"#{composed}");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _posts.PostIdAsync(author, $"#{decomposed} and again #{composed}");
        await _posts.SettleAsync(first, second);

        Assert.Equal([composed], await _posts.QueryAsync<string>("SELECT name FROM hashtags WHERE name LIKE @stem || '%'", new { stem }));
        foreach (var spelling in new[] { composed, decomposed })
        {
            var page = await (await _posts.GetAsync($"/api/v1/hashtags/{Uri.EscapeDataString(spelling)}", null)).ReadJsonAsync();
            Assert.Equal((composed, 2), (page.GetProperty("name").GetString(), page.GetProperty("postCount").GetInt32()));
            Assert.Equal([second, first], Ids(page));
        }

        var follower = await _posts.NewUserAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{Uri.EscapeDataString(decomposed)}/follow", follower)).EnsureNoContentAsync();
        var followed = await (await _posts.GetAsync($"/api/v1/hashtags/{Uri.EscapeDataString(composed)}", follower)).ReadJsonAsync();
        Assert.True(followed.GetProperty("isFollowing").GetBoolean());

        var found = await (await _posts.GetAsync($"/api/v1/hashtags/search?q={Uri.EscapeDataString(decomposed)}", null)).ReadJsonAsync();
        Assert.Equal([composed], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Letters_beyond_the_basic_plane_make_one_lower_case_hashtag_with_a_page_and_search()
    {
        // Deseret capitals (two UTF-16 units each) and a Gothic word; the suffix keeps the tag this test's own.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (typed, stored) = ("\U00010400\U00010401\U00010332\U0001033F" + suffix, "\U00010428\U00010429\U00010332\U0001033F" + suffix);
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author, $"in my language #{typed}!");
        await _posts.SettleAsync(post);

        Assert.Equal([stored], await _posts.QueryAsync<string>("SELECT name FROM hashtags WHERE name LIKE '%' || @suffix", new { suffix }));
        foreach (var spelling in new[] { typed, stored })
        {
            var page = await (await _posts.GetAsync($"/api/v1/hashtags/{Uri.EscapeDataString(spelling)}", null)).ReadJsonAsync();
            Assert.Equal((stored, 1), (page.GetProperty("name").GetString(), page.GetProperty("postCount").GetInt32()));
            Assert.Equal([post], Ids(page));
        }

        var found = await (await _posts.GetAsync($"/api/v1/hashtags/search?q={Uri.EscapeDataString("#" + typed)}", null)).ReadJsonAsync();
        Assert.Equal([stored], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    /// <summary>
    /// Turkish İ (U+0130) is the one letter .NET's invariant lower-casing leaves as it is (the hosts run invariant
    /// globalization) while PostgreSQL lowers it to i: "#İstanbul" reached the hashtags insert upper-case, broke
    /// <c>hashtags_name_lower_case</c> and the post failed with a 500. It is i, as the database would have it.
    /// </summary>
    [Fact]
    public async Task Dotted_capital_i_is_lower_cased_as_the_database_does_and_the_post_goes_in()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author, $"#\u0130stanbul{suffix} at night"); // asserts 201
        await _posts.SettleAsync(post);

        Assert.Equal([$"istanbul{suffix}"], await _posts.QueryAsync<string>("SELECT name FROM hashtags WHERE name LIKE '%' || @suffix", new { suffix }));
        foreach (var spelling in new[] { $"\u0130stanbul{suffix}", $"ISTANBUL{suffix}", $"istanbul{suffix}" })
        {
            var page = await (await _posts.GetAsync($"/api/v1/hashtags/{Uri.EscapeDataString(spelling)}", null)).ReadJsonAsync();
            Assert.Equal([post], Ids(page));
        }
    }
}
