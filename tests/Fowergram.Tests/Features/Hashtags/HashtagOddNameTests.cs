using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>
/// The hashtag routes given names no hashtag can have — only '#', percent-encoded bytes that are no UTF-8, a NUL, emoji,
/// joiners and direction marks, lone combining marks, names over 100 characters before or after composing — answer a 4xx
/// problem, never a 5xx, and write nothing; a caption carrying them posts.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HashtagOddNameTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    public static TheoryData<string> OddNames() =>
    [
        "%23", "%23%23%23", "%20", "%23%20", "%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", "a%2Fb", "%2E%2E",
        "%F0%9F%8C%B7", "a%E2%80%8Db", "%E2%80%8Fabc", "%E2%80%AEabc", "%CC%81", Repeat("a", 101), Repeat("a", 5000),
        Uri.EscapeDataString(Repeat("e\u0301", 100)), Uri.EscapeDataString(Repeat("\u0958", 100)), Uri.EscapeDataString(Repeat("\u0130", 100)),
        Uri.EscapeDataString("\U0001F469\u200D\U0001F469\u200D\U0001F467"), "%EF%BB%BFabc", "%EF%BF%BD",
    ];

    [Theory]
    [MemberData(nameof(OddNames))]
    public async Task An_odd_name_is_a_4xx_problem_on_every_hashtag_route(string name)
    {
        var user = await _posts.NewUserAsync();
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, $"/api/v1/hashtags/{name}"), (HttpMethod.Get, $"/api/v1/hashtags/{name}/reels"),
                     (HttpMethod.Put, $"/api/v1/hashtags/{name}/follow"), (HttpMethod.Delete, $"/api/v1/hashtags/{name}/follow"),
                     (HttpMethod.Get, $"/api/v1/hashtags/search?q={name}"), (HttpMethod.Get, $"/api/v1/search?q={name}"),
                 })
        {
            using var response = await _posts.SendAsync(method, path, user);
            Assert.True((int)response.StatusCode is >= 200 and < 500, $"{method} {path} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            // A NUL in the path is refused by the host (400) before any route runs; every other odd name is no hashtag (404).
            if (method != HttpMethod.Get)
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.NoContent, $"{method} {path} → {response.StatusCode}");
        }
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM hashtag_follows WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task Captions_with_odd_hashtags_post_and_link_only_real_tags()
    {
        var author = await _posts.NewUserAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var caption = $"# ## #\u200D #\u200F{suffix} #\U0001F337 #\u0301{suffix} #{Repeat("\u0958", 100)} #{Repeat("\u0130", 100)} #ok{suffix}";
        var post = await _posts.PostIdAsync(author, caption); // asserts 201
        var names = await _posts.QueryAsync<string>(
            "SELECT h.name FROM post_hashtags ph JOIN hashtags h ON h.id = ph.hashtag_id WHERE ph.post_id = @post", new { post });
        Assert.Equal(new[] { "\u0301" + suffix, Repeat("i", 100), "ok" + suffix }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }
}
