using System.Net;
using System.Text.Json;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Locations;

/// <summary>Places: GET /locations/search?q= and GET /locations/posts?name=.</summary>
[Collection(ApiCollection.Name)]
public sealed class LocationTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_places_page_shows_the_posts_there_the_caller_may_see_whatever_the_case_of_the_name()
    {
        var place = Place("Beach");
        var (open, closedAuthor) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(isPrivate: true));
        var (follower, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, closedAuthor);
        var publicPost = await PostAtAsync(open, place);
        var privatePost = await PostAtAsync(closedAuthor, place.ToUpperInvariant());
        var deleted = await PostAtAsync(open, place);
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", open)).StatusCode);
        await PostAtAsync(open, place + " North"); // another place

        Assert.Equal([publicPost], await PostsAtAsync(place, stranger));
        Assert.Equal([publicPost], await PostsAtAsync(place.ToLowerInvariant(), null));
        Assert.Equal(await _posts.NewestFirstAsync(publicPost, privatePost), await PostsAtAsync(place, follower));

        var first = await (await _posts.GetAsync($"/api/v1/locations/posts?name={Uri.EscapeDataString(place)}&limit=1", follower)).ReadJsonAsync();
        Assert.Equal(place, first.GetProperty("name").GetString());
        var cursor = Uri.EscapeDataString(first.GetProperty("posts").GetProperty("nextCursor").GetString()!);
        var second = await (await _posts.GetAsync($"/api/v1/locations/posts?name={Uri.EscapeDataString(place)}&limit=1&cursor={cursor}", follower)).ReadJsonAsync();
        Assert.Equal((await _posts.NewestFirstAsync(publicPost, privatePost))[1], second.GetProperty("posts").GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Empty(await PostsAtAsync(Place("Nowhere"), stranger));
    }

    [Fact]
    public async Task Search_suggests_places_from_public_accounts_only_exact_name_first_then_the_most_used()
    {
        var stem = "zq" + Guid.NewGuid().ToString("N")[..8];
        var (open, closed) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(isPrivate: true));
        await PostAtAsync(open, $"{stem} Beach");
        await PostAtAsync(open, $"{stem} BEACH");
        await PostAtAsync(open, $"{stem} Beach");
        await PostAtAsync(open, stem);
        await PostAtAsync(closed, $"{stem} Home of Someone");

        var found = await SearchAsync(stem);
        Assert.Equal([(stem, 1L), ($"{stem} Beach", 3L)], found);
        Assert.Equal([($"{stem} Beach", 3L)], await SearchAsync($"{stem} BEA"));
        Assert.Empty(await SearchAsync($"{stem} home"));
    }

    [Fact]
    public async Task Search_leaves_out_places_and_counts_and_spellings_of_accounts_blocked_either_way()
    {
        var stem = "zb" + Guid.NewGuid().ToString("N")[..8];
        var (me, blocker, blockedByMe, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await PostAtAsync(blocker, $"{stem} Cove"); // a place only the blocker named
        await PostAtAsync(blockedByMe, $"{stem} Hill"); // a place only the account I blocked named
        await PostAtAsync(blocker, $"{stem} MARKET");
        await PostAtAsync(blocker, $"{stem} MARKET");
        await PostAtAsync(other, $"{stem} Market");
        await _posts.BlockAsync(blocker, me);
        await _posts.BlockAsync(me, blockedByMe);

        // Everyone else sees all three, the market in the blocker's spelling and counted three times.
        Assert.Equal([($"{stem} MARKET", 3L), ($"{stem} Cove", 1L), ($"{stem} Hill", 1L)], await SearchAsync(stem, other));
        Assert.Equal([($"{stem} Market", 1L)], await SearchAsync(stem, me));
        var top = await (await _posts.GetAsync($"/api/v1/search?q={stem}", me)).ReadJsonAsync();
        Assert.Equal([$"{stem} Market"], top.GetProperty("places").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/locations/search", "q")]
    [InlineData("/api/v1/locations/search?q=ab", "q")]
    // One line, as every search box term is (docs/api.md "Text limits", /search's q): answered 200 until 2026-12-07.
    [InlineData("/api/v1/locations/search?q=abc%0Adef", "q")]
    [InlineData("/api/v1/locations/search?q=abc%E2%80%A8def", "q")]
    [InlineData("/api/v1/locations/search?q=abc&limit=0", "limit")]
    [InlineData("/api/v1/locations/posts", "name")]
    [InlineData("/api/v1/locations/posts?name=%20%20", "name")]
    [InlineData("/api/v1/locations/posts?name=x&limit=99", "limit")]
    public async Task Bad_parameters_are_400s_naming_them(string url, string field) =>
        await (await app.Client.GetAsync(url, (string?)null)).AssertValidationErrorAsync(field);

    [Fact]
    public async Task A_name_longer_than_a_location_can_be_is_a_400()
    {
        await (await app.Client.GetAsync($"/api/v1/locations/posts?name={new string('x', 101)}", (string?)null)).AssertValidationErrorAsync("name");
        await (await app.Client.GetAsync($"/api/v1/locations/search?q={new string('x', 101)}", (string?)null)).AssertValidationErrorAsync("q");
    }

    [Fact]
    public async Task A_place_is_100_characters_counted_as_the_table_counts_them_not_in_UTF16_units()
    {
        // 99 code points, 159 UTF-16 units: each wave is a surrogate pair, one character to posts.location's char_length.
        var place = Place(string.Concat(Enumerable.Repeat("\U0001F30A", 60)));
        var author = await _posts.NewUserAsync();

        var post = await PostAtAsync(author, place);

        Assert.Equal([post], await PostsAtAsync(place, author));
        var found = await (await app.Client.GetAsync($"/api/v1/locations/search?q={Uri.EscapeDataString(place)}", (string?)null)).ReadJsonAsync();
        Assert.Equal(place, found.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_place_is_one_place_whatever_the_case_of_its_accented_letters()
    {
        var place = Place("Zürich Île");
        var author = await _posts.NewUserAsync();
        var first = await PostAtAsync(author, place);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var shouted = await PostAtAsync(author, place.ToUpperInvariant());
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var again = await PostAtAsync(author, place);

        Assert.Equal([again, shouted, first], await PostsAtAsync(place.ToUpperInvariant(), null));
        Assert.Equal([(place, 3L)], await SearchAsync(place.ToLowerInvariant())); // in its most used spelling
    }

    [Fact]
    public async Task A_post_limited_while_in_review_leaves_its_places_page_but_its_author_s_until_the_reports_are_closed()
    {
        var place = Place("Reported");
        var (author, follower, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var post = await PostAtAsync(author, place);
        var reports = await ReviewLimitTests.ReportAsync(_posts, "post", post, ReviewLimit.Reports);

        // A place's page is a recommendation to whoever opens it, as a hashtag's page is (docs/moderation.md).
        Assert.Empty(await PostsAtAsync(place, stranger));
        Assert.Empty(await PostsAtAsync(place, null));
        Assert.Empty(await PostsAtAsync(place, follower));
        Assert.Equal([post], await PostsAtAsync(place, author));
        Assert.Empty(await SearchAsync(place)); // nor suggested by place search, nor counted there

        await ReviewLimitTests.DismissAsync(_posts, reports);
        Assert.Equal([post], await PostsAtAsync(place, stranger));
        Assert.Equal([(place, 1L)], await SearchAsync(place));
    }

    private static string Place(string what) => $"Place {Guid.NewGuid():N} {what}";

    private async Task<Guid> PostAtAsync(TestUser author, string location)
    {
        var media = new[] { new { uploadId = (await _posts.UploadAsync(author)).UploadId } };
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media, location })).ReadJsonAsync(HttpStatusCode.Created);
        return post.GetProperty("id").GetGuid();
    }

    private async Task<List<Guid>> PostsAtAsync(string place, TestUser? viewer)
    {
        var page = await (await _posts.GetAsync($"/api/v1/locations/posts?name={Uri.EscapeDataString(place)}", viewer)).ReadJsonAsync();
        return page.GetProperty("posts").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    private async Task<List<(string?, long)>> SearchAsync(string q, TestUser? viewer = null)
    {
        var body = await (await _posts.GetAsync($"/api/v1/locations/search?q={Uri.EscapeDataString(q)}", viewer)).ReadJsonAsync();
        return body.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("postCount").GetInt64())).ToList();
    }
}
