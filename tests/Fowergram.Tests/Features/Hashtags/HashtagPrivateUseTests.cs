using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>
/// A hashtag only accounts hidden from the caller used (a private account it does not follow, an account blocking it
/// either way) is, to that caller, a tag nobody used: its page and its reels tab answer exactly as an unknown tag's (404
/// problem+json, same title and detail: no header, no post count), following it is the unknown tag's 404, and neither
/// search nor trending names it, nor may it be kept in the caller's recent searches (the unknown tag's 404: until session 56
/// a typed tag was recorded whenever it existed, telling that somebody used it). Its author and the author's followers see
/// the page as before. Until 2026-12-07 the page answered any caller with the tag's name and post count, telling a stranger
/// that somebody used it. docs/visibility.md "Hashtags".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HashtagPrivateUseTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static string Tag() => "priv" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(TestUser Owner, string Tag)> PrivateUseAsync()
    {
        var owner = await _posts.NewUserAsync(isPrivate: true);
        var tag = Tag();
        await _posts.CreatePostAsync(owner, $"only for friends #{tag}");
        return (owner, tag);
    }

    /// <summary>What a problem answer shows a client: status, title, detail (the trace id differs per request).</summary>
    private static async Task<(HttpStatusCode, string?, string?, string?)> ShapeAsync(HttpResponseMessage response)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            body.TryGetProperty("title", out var t) ? t.GetString() : null, body.TryGetProperty("detail", out var d) ? d.GetString() : null);
    }

    [Theory]
    [InlineData(Relation.Anonymous)]
    [InlineData(Relation.Stranger)]
    [InlineData(Relation.Pending)]
    [InlineData(Relation.Blocked)]
    [InlineData(Relation.Blocker)]
    public async Task A_tag_only_hidden_accounts_used_answers_as_an_unknown_tag(Relation relation)
    {
        var (owner, tag) = await PrivateUseAsync();
        var viewer = await _posts.ViewerAsync(relation, owner);
        foreach (var page in new[] { "/api/v1/hashtags/{0}", "/api/v1/hashtags/{0}/reels" })
        {
            var unknown = await ShapeAsync(await _posts.GetAsync(string.Format(page, Tag()), viewer));
            Assert.Equal(HttpStatusCode.NotFound, unknown.Item1);
            Assert.Equal(unknown, await ShapeAsync(await _posts.GetAsync(string.Format(page, tag), viewer)));
        }
        if (viewer is not null)
        {
            foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete }) // unfollowing too: until session 57 a 204 told the tag exists
            {
                var unknown = await ShapeAsync(await _posts.SendAsync(method, $"/api/v1/hashtags/{Tag()}/follow", viewer));
                Assert.Equal(HttpStatusCode.NotFound, unknown.Item1);
                Assert.Equal(unknown, await ShapeAsync(await _posts.SendAsync(method, $"/api/v1/hashtags/{tag}/follow", viewer)));
            }
        }
        var found = await (await _posts.GetAsync($"/api/v1/hashtags/search?q={tag}", viewer)).ReadJsonAsync();
        Assert.Equal(0, found.GetProperty("items").GetArrayLength());
        var trending = await (await _posts.GetAsync("/api/v1/hashtags/trending?limit=50", viewer)).ReadJsonAsync();
        Assert.DoesNotContain(tag, trending.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData(Relation.Follower)]
    [InlineData(Relation.Owner)]
    public async Task Whoever_may_see_a_use_gets_the_page(Relation relation)
    {
        var (owner, tag) = await PrivateUseAsync();
        var viewer = await _posts.ViewerAsync(relation, owner);

        var page = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", viewer)).ReadJsonAsync();
        Assert.Equal(tag, page.GetProperty("name").GetString());
        Assert.Equal(1, page.GetProperty("posts").GetProperty("items").GetArrayLength());
        await (await _posts.GetAsync($"/api/v1/hashtags/{tag}/reels", viewer)).ReadJsonAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", viewer!)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{tag}/follow", viewer!)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{tag}/follow", viewer!)).EnsureNoContentAsync(); // not following: still fine
        using var recorded = await _posts.SendAsync(HttpMethod.Post, Searches, viewer, new { type = "hashtag", term = "#" + tag });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
    }

    private const string Searches = "/api/v1/users/me/searches";

    [Fact]
    public async Task A_follow_of_a_tag_no_longer_visible_can_still_be_ended()
    {
        var (owner, tag) = await PrivateUseAsync();
        var follower = (await _posts.ViewerAsync(Relation.Follower, owner))!;
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", follower)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{owner.Username}/follow", follower)).EnsureNoContentAsync();

        // Following it again is idempotent as the follow's end is (until session 58 the unknown tag's 404, for a tag the
        // caller's own followed list showed), and writes nothing new.
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", follower)).EnsureNoContentAsync();
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM hashtag_follows WHERE user_id = @id", new { id = follower.Id }));
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{tag}/follow", follower)).EnsureNoContentAsync();
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM hashtag_follows WHERE user_id = @id", new { id = follower.Id }));
        using var again = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{tag}/follow", follower);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode); // now neither followed nor visible: as an unknown tag
        using var refollow = await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", follower);
        Assert.Equal(HttpStatusCode.NotFound, refollow.StatusCode); // and a new follow of it, as of an unknown tag
    }

    [Theory]
    [InlineData(Relation.Stranger)]
    [InlineData(Relation.Pending)]
    [InlineData(Relation.Blocked)]
    [InlineData(Relation.Blocker)]
    public async Task A_tag_only_hidden_accounts_used_is_refused_by_recent_searches_as_an_unknown_tag(Relation relation)
    {
        var (owner, tag) = await PrivateUseAsync();
        var viewer = (await _posts.ViewerAsync(relation, owner))!;

        var unknown = await ShapeAsync(await _posts.SendAsync(HttpMethod.Post, Searches, viewer, new { type = "hashtag", term = Tag() }));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Item1);
        Assert.Equal(unknown, await ShapeAsync(await _posts.SendAsync(HttpMethod.Post, Searches, viewer, new { type = "hashtag", term = tag })));
        var history = await (await _posts.GetAsync(Searches, viewer)).ReadJsonAsync();
        Assert.Equal(0, history.GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// The check reads a tag's newest uses only (HashtagsSql.UseProbe, 1,000 posts and 1,000 reels): a tag whose uses were all
    /// hidden from the caller was walked whole on every 404 (seconds for 99,033 uses on the benchmark database). So a public
    /// use older than the newest thousand hidden ones opens the page no more, while a follower of their author still gets it.
    /// </summary>
    [Fact]
    public async Task A_tag_is_probed_through_its_newest_uses_only()
    {
        var tag = Tag();
        await _posts.CreatePostAsync(await _posts.NewUserAsync(), $"long ago #{tag}");
        var owner = await _posts.NewUserAsync(isPrivate: true);
        var hidden = await _posts.PostIdAsync(owner, $"only for friends #{tag}");
        Assert.Equal(1, (await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", null)).ReadJsonAsync()).GetProperty("posts").GetProperty("items").GetArrayLength());

        // A thousand copies of the private post, each newer than both posts (which share the test clock's instant): the newest
        // thousand uses are all hidden from strangers.
        await _posts.ExecuteAsync("""
            WITH copies AS (
                INSERT INTO posts
                SELECT (jsonb_populate_record(p, jsonb_build_object('id', gen_random_uuid(), 'created_at', p.created_at + make_interval(secs => i)))).*
                  FROM posts p, generate_series(1, @copies) i WHERE p.id = @hidden
                RETURNING id, user_id, created_at)
            INSERT INTO post_hashtags (post_id, hashtag_id, author_id, post_created_at)
            SELECT c.id, ph.hashtag_id, c.user_id, c.created_at FROM copies c, post_hashtags ph WHERE ph.post_id = @hidden
            """, new { hidden, copies = 1_000 });

        var unknown = await ShapeAsync(await _posts.GetAsync($"/api/v1/hashtags/{Tag()}", null));
        Assert.Equal(unknown, await ShapeAsync(await _posts.GetAsync($"/api/v1/hashtags/{tag}", null)));
        var follower = (await _posts.ViewerAsync(Relation.Follower, owner))!;
        Assert.Equal(20, (await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", follower)).ReadJsonAsync()).GetProperty("posts").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_public_use_opens_the_page_to_everyone()
    {
        var (_, tag) = await PrivateUseAsync();
        await _posts.CreatePostAsync(await _posts.NewUserAsync(), $"for all #{tag}");

        var page = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", null)).ReadJsonAsync();
        Assert.Equal(1, page.GetProperty("posts").GetProperty("items").GetArrayLength());
    }
}
