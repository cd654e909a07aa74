using System.Net;
using System.Text.Json;
using Fowergram.Features.Social;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Search;

/// <summary>GET /search: accounts, hashtags and places in one request, each ranked as its own search route ranks it.</summary>
[Collection(ApiCollection.Name)]
public sealed class SearchTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);
    private readonly PostsClient _posts = new(app);

    /// <summary>An account named after <paramref name="stem"/> that posted "#stem" at "Stem Cafe".</summary>
    private async Task<SocialUser> PosterAsync(string stem)
    {
        var user = await _w.UserAsync();
        await SocialWorld.ExecuteAsync("UPDATE users SET username = @username WHERE id = @Id", new { username = stem + "_x", user.Id });
        user = user with { Username = stem + "_x" };
        var author = new TestUser(user.Id, user.Username, user.Token);
        var media = new[] { new { uploadId = (await _posts.UploadAsync(author)).UploadId } };
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media, caption = $"coffee #{stem}", location = $"{stem} Cafe" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return user;
    }

    private async Task<JsonElement> SearchAsync(string q, SocialUser? viewer) =>
        await (await _w.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}", viewer)).ReadJsonAsync();

    private static List<string> Names(JsonElement results, string list, string member) =>
        results.GetProperty(list).EnumerateArray().Select(i => i.GetProperty(member).GetString()!.ToLowerInvariant()).ToList();

    private static string NewStem() => "k" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task One_request_finds_the_account_the_hashtag_and_the_place()
    {
        var stem = NewStem();
        var poster = await PosterAsync(stem);

        foreach (var viewer in new[] { await _w.UserAsync(), null }) // guests search too
        {
            var results = await SearchAsync(stem, viewer);
            Assert.Equal([poster.Username], Names(results, "accounts", "username"));
            Assert.Equal([stem], Names(results, "hashtags", "name"));
            Assert.Equal([$"{stem} cafe"], Names(results, "places", "name"));
        }
    }

    [Fact]
    public async Task A_leading_at_sign_asks_for_accounts_only_and_a_hash_for_hashtags_only()
    {
        var stem = NewStem();
        var poster = await PosterAsync(stem);
        var viewer = await _w.UserAsync();

        var accounts = await SearchAsync("@" + stem, viewer);
        Assert.Equal([poster.Username], Names(accounts, "accounts", "username"));
        Assert.Empty(Names(accounts, "hashtags", "name"));
        Assert.Empty(Names(accounts, "places", "name"));

        var hashtags = await SearchAsync("#" + stem, viewer);
        Assert.Empty(Names(hashtags, "accounts", "username"));
        Assert.Equal([stem], Names(hashtags, "hashtags", "name"));
        Assert.Empty(Names(hashtags, "places", "name"));
    }

    [Fact]
    public async Task Accounts_blocked_either_way_are_left_out_and_terms_no_hashtag_or_place_can_hold_search_accounts_only()
    {
        var stem = NewStem();
        var poster = await PosterAsync(stem);
        var blocker = await _w.UserAsync();
        await _w.BlockAsync(poster, blocker);

        Assert.Empty(Names(await SearchAsync(stem, blocker), "accounts", "username"));
        var spaced = await SearchAsync($"{stem} x", await _w.UserAsync()); // a space: no hashtag can hold it
        Assert.Empty(Names(spaced, "hashtags", "name"));
        var shortTerm = await SearchAsync(stem[..2], await _w.UserAsync()); // two letters: too short for a place
        Assert.Empty(Names(shortTerm, "places", "name"));
    }

    /// <summary>
    /// A term is counted in characters (code points), as every limit is (docs/api.md "Text limits"): 64 characters outside
    /// the BMP (a rare CJK character each, two UTF-16 units) are searched, not refused as 128; and it is one line.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/search")]
    [InlineData("/api/v1/users/search")]
    [InlineData("/api/v1/search/posts")]
    public async Task A_term_is_at_most_64_characters_counted_as_code_points_and_one_line(string route)
    {
        var viewer = await _w.UserAsync();
        var longest = string.Concat(Enumerable.Repeat("\U00020000", DiscoveryApi.SearchTermMax));
        await (await _w.GetAsync($"{route}?q={Uri.EscapeDataString(longest)}", viewer)).ReadJsonAsync();
        await (await _w.GetAsync($"{route}?q={Uri.EscapeDataString(longest + "\U00020000")}", viewer)).AssertValidationErrorAsync("q");
        foreach (var broken in new[] { "ada\nlovelace", "ada\u2028lovelace", "ada\u0085lovelace" })
            await (await _w.GetAsync($"{route}?q={Uri.EscapeDataString(broken)}", viewer)).AssertValidationErrorAsync("q");
    }

    /// <summary>The accounts search reads a leading @ as the search box does (usernames never hold one); "@" alone names nothing.</summary>
    [Fact]
    public async Task Account_search_reads_a_leading_at_sign_as_the_search_box_does()
    {
        var poster = await PosterAsync(NewStem());
        var viewer = await _w.UserAsync();

        var found = await (await _w.GetAsync($"/api/v1/users/search?q={Uri.EscapeDataString("@ " + poster.Username)}", viewer)).ReadJsonAsync();

        Assert.Equal([poster.Username], Names(found, "items", "username"));
        await (await _w.GetAsync("/api/v1/users/search?q=%40", viewer)).AssertValidationErrorAsync("q");
    }

    [Theory]
    [InlineData("/api/v1/search", "q")]
    [InlineData("/api/v1/search?q=%20", "q")]
    [InlineData("/api/v1/search?q=%23", "q")]
    [InlineData("/api/v1/search?q=%40", "q")]
    [InlineData("/api/v1/search?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q")] // 65
    [InlineData("/api/v1/search?q=ada&limit=0", "limit")]
    [InlineData("/api/v1/search?q=ada&limit=51", "limit")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string url, string field) =>
        await (await _w.GetAsync(url, await _w.UserAsync())).AssertValidationErrorAsync(field);
}
