using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>
/// A hashtag's page reads at most 1,000 of its uses past the cursor (HashtagsSql.UseProbe, WalkedPage): before session 57 a
/// page of a tag whose uses were mostly hidden from the caller walked all of them to fill 20 cards (3.4 s over 99,033 private
/// uses). A page that ends on the bound holds fewer cards, even none, and a cursor that goes on below it: following cursors
/// still lists every visible post once, in order. And a tag whose newest 1,000 uses are all hidden from the caller is still
/// found by the author of an older post with it and by the author's followers (post_hashtags_author, migration 0265).
/// docs/visibility.md "Hashtags".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HashtagWalkTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static string Tag() => "walk" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Copies of <paramref name="source"/> with its tags, each <c>(i / perInstant)</c> seconds away from it (older when
    /// <paramref name="older"/>), i from 1 to <paramref name="copies"/>: copies sharing an instant test the walk's ties.
    /// Returns the copies' ids.
    /// </summary>
    private async Task<List<Guid>> CopiesAsync(Guid source, int copies, int perInstant = 1, bool older = true, int offsetSeconds = 0) =>
        (await _posts.QueryAsync<Guid>("""
            WITH copies AS (
                INSERT INTO posts
                SELECT (jsonb_populate_record(p, jsonb_build_object('id', gen_random_uuid(),
                        'created_at', p.created_at + @sign * make_interval(secs => @offset + i / @perInstant)))).*
                  FROM posts p, generate_series(1, @copies) i WHERE p.id = @source
                RETURNING id, user_id, created_at), tagged AS (
            INSERT INTO post_hashtags (post_id, hashtag_id, author_id, post_created_at)
            SELECT c.id, ph.hashtag_id, c.user_id, c.created_at FROM copies c, post_hashtags ph WHERE ph.post_id = @source)
            SELECT id FROM copies
            """, new { source, copies, perInstant, sign = older ? -1 : 1, offset = offsetSeconds })).ToList();

    /// <summary>Copies of the reel <paramref name="source"/> with its tags, the i-th i seconds newer (without its uploads, which are one reel's each).</summary>
    private async Task CopyReelAsync(Guid source, int copies) =>
        await _posts.ScalarAsync<int>("""
            WITH copies AS (
                INSERT INTO reels
                SELECT (jsonb_populate_record(r, jsonb_build_object('id', gen_random_uuid(), 'upload_id', NULL, 'thumbnail_upload_id', NULL,
                        'created_at', r.created_at + make_interval(secs => i)))).*
                  FROM reels r, generate_series(1, @copies) i WHERE r.id = @source
                RETURNING id, user_id, created_at), tagged AS (
            INSERT INTO reel_hashtags (reel_id, hashtag_id, author_id, reel_created_at)
            SELECT c.id, rh.hashtag_id, c.user_id, c.created_at FROM copies c, reel_hashtags rh WHERE rh.reel_id = @source)
            SELECT count(*)::int FROM copies
            """, new { source, copies });

    /// <summary>Every page of the tag from the first, as (items, nextCursor present).</summary>
    private async Task<List<List<Guid>>> PagesAsync(string path, TestUser? viewer, int limit, string items = "posts")
    {
        var pages = new List<List<Guid>>();
        string? cursor = null;
        do
        {
            var url = $"{path}?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await (await _posts.GetAsync(url, viewer)).ReadJsonAsync();
            var page = items.Length == 0 ? body : body.GetProperty(items);
            pages.Add(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            Assert.True(pages.Count < 200, "the cursors went round in circles");
        } while (cursor is not null);
        return pages;
    }

    [Fact]
    public async Task A_page_walks_a_thousand_uses_at_most_and_its_cursor_goes_on_below_them()
    {
        var tag = Tag();
        var newest = await _posts.PostIdAsync(await _posts.NewUserAsync(), $"for all #{tag}");
        var owner = await _posts.NewUserAsync(isPrivate: true);
        var hidden = await _posts.PostIdAsync(owner, $"only for friends #{tag}");
        // 1,200 hidden copies, seven to an instant (so the walk's bound falls inside an instant), then an older public one.
        var hiddenCopies = await CopiesAsync(hidden, 1_200, perInstant: 7);
        var oldest = (await CopiesAsync(newest, 1, offsetSeconds: 10_000)).Single();

        var guest = await PagesAsync($"/api/v1/hashtags/{tag}", null, 20);
        Assert.Equal([newest], guest[0]); // the first walk ended on its bound, among hidden uses
        Assert.True(guest.Count >= 2);
        Assert.Equal([newest, oldest], guest.SelectMany(p => p).ToList());

        // A follower of the private account sees all 1,203, each once, newest first, twenty to a page.
        var follower = (await _posts.ViewerAsync(Relation.Follower, owner))!;
        var all = await PagesAsync($"/api/v1/hashtags/{tag}", follower, 50);
        var expected = await _posts.QueryAsync<Guid>("""
            SELECT post_id FROM post_hashtags WHERE hashtag_id = (SELECT id FROM hashtags WHERE name = @tag)
            ORDER BY post_created_at DESC, post_id DESC
            """, new { tag });
        Assert.Equal(expected.ToList(), all.SelectMany(p => p).ToList());
        Assert.Equal(1_203, all.Sum(p => p.Count));
        Assert.All(all.SkipLast(1), p => Assert.Equal(50, p.Count));
        Assert.Contains(hiddenCopies[^1], all.SelectMany(p => p));
    }

    [Fact]
    public async Task A_page_walk_that_ends_on_the_bound_names_no_hidden_post_in_its_cursor()
    {
        var tag = Tag();
        var newest = await _posts.PostIdAsync(await _posts.NewUserAsync(), $"for all #{tag}");
        var hidden = await _posts.PostIdAsync(await _posts.NewUserAsync(isPrivate: true), $"only for friends #{tag}");
        var copies = await CopiesAsync(hidden, 1_100);

        var body = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", null)).ReadJsonAsync();
        var cursor = body.GetProperty("posts").GetProperty("nextCursor").GetString()!;
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
        Assert.DoesNotContain(copies.Concat([hidden]), id => decoded.Contains(id.ToString("N")));
        Assert.Single(body.GetProperty("posts").GetProperty("items").EnumerateArray());
        // The rest holds nothing the guest may see: an empty page, and the end.
        var rest = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}?cursor={Uri.EscapeDataString(cursor)}", null)).ReadJsonAsync();
        Assert.Equal(0, rest.GetProperty("posts").GetProperty("items").GetArrayLength());
        Assert.False(rest.GetProperty("posts").TryGetProperty("nextCursor", out var end) && end.ValueKind != JsonValueKind.Null);
        Assert.Equal(newest, body.GetProperty("posts").GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    /// <summary>
    /// The tag's newest thousand uses are a private account's, hidden from everybody here; an older post is another author's.
    /// That author (its post public or private) and its followers get the page, the follow and the reels tab; a stranger and a
    /// guest still get the unknown tag's 404 (the bound's honest edge: a stranger's older public post is not looked for).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_author_of_an_older_use_and_its_followers_find_a_tag_past_a_thousand_hidden_uses(bool privateAuthor)
    {
        var tag = Tag();
        var author = await _posts.NewUserAsync(isPrivate: privateAuthor);
        var older = await _posts.PostIdAsync(author, $"long ago #{tag}");
        var hidden = await _posts.PostIdAsync(await _posts.NewUserAsync(isPrivate: true), $"only for friends #{tag}");
        await CopiesAsync(hidden, 1_000, older: false); // a second and more newer than both posts

        var follower = (await _posts.ViewerAsync(Relation.Follower, author))!;
        foreach (var viewer in new[] { author, follower })
        {
            var page = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", viewer)).ReadJsonAsync();
            var seen = (await PagesAsync($"/api/v1/hashtags/{tag}", viewer, 20)).SelectMany(p => p).ToList();
            Assert.Equal([older], seen);
            Assert.Equal(tag, page.GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync($"/api/v1/hashtags/{tag}/reels", viewer)).StatusCode);
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", viewer)).EnsureNoContentAsync();
        }
        var stranger = await _posts.NewUserAsync();
        foreach (var viewer in new[] { stranger, null })
            Assert.Equal(HttpStatusCode.NotFound, (await _posts.GetAsync($"/api/v1/hashtags/{tag}", viewer)).StatusCode);
    }

    /// <summary>
    /// As above with an older *reel* as the only visible use, under a thousand newer hidden reels (reel_hashtags_author,
    /// migration 0268): before it, the author and its followers got the unknown tag's 404 (reel_hashtags had no author column
    /// for the second probe to look by).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_author_of_an_older_reel_and_its_followers_find_a_tag_past_a_thousand_hidden_uses(bool privateAuthor)
    {
        var tag = Tag();
        var reels = new Reels.ReelsClient(app);
        var author = await _posts.NewUserAsync(isPrivate: privateAuthor);
        var older = await reels.ReelIdAsync(author, $"long ago #{tag}");
        // A thousand and one newer reels and a newer post, all a private account's (hidden from everybody here).
        var owner = await _posts.NewUserAsync(isPrivate: true);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await CopyReelAsync(await reels.ReelIdAsync(owner, $"only for friends #{tag}"), 1_000);
        await _posts.PostIdAsync(owner, $"only for friends #{tag}");

        var follower = (await _posts.ViewerAsync(Relation.Follower, author))!;
        foreach (var viewer in new[] { author, follower })
        {
            var page = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", viewer)).ReadJsonAsync();
            Assert.Equal(tag, page.GetProperty("name").GetString());
            Assert.Equal([older], (await PagesAsync($"/api/v1/hashtags/{tag}/reels", viewer, 20, items: "")).SelectMany(p => p).ToList());
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", viewer)).EnsureNoContentAsync();
        }
        var stranger = await _posts.NewUserAsync();
        foreach (var viewer in new[] { stranger, null })
        {
            await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _posts.GetAsync($"/api/v1/hashtags/{tag}/reels", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        // A deleted reel is no use: its author is back to the 404.
        await (await reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{older}", author)).EnsureNoContentAsync();
        await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// A search reads each candidate's newest 20 posts (HashtagsSql.SearchUseProbe) and ranks 100 candidates at most: before
    /// session 57 it read 1,000 of each of 500, and 500 names used only by accounts hidden from the searcher took 7.5–21 s. So a
    /// tag whose newest 20 uses are hidden from a guest is no longer suggested to it, though its page still opens; the author
    /// of the older public post is still shown it (its own uses are looked for apart).
    /// </summary>
    [Fact]
    public async Task A_search_reads_each_candidate_through_its_newest_twenty_uses()
    {
        var tag = Tag();
        var author = await _posts.NewUserAsync();
        var older = await _posts.PostIdAsync(author, $"for all #{tag}");
        var hidden = await _posts.PostIdAsync(await _posts.NewUserAsync(isPrivate: true), $"only for friends #{tag}");
        await CopiesAsync(hidden, 25, older: false);

        async Task<List<string?>> SuggestedAsync(TestUser? viewer) =>
            (await (await _posts.GetAsync($"/api/v1/hashtags/search?q={tag}", viewer)).ReadJsonAsync())
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Empty(await SuggestedAsync(null));
        Assert.Empty(await SuggestedAsync(await _posts.NewUserAsync()));
        Assert.Equal([tag], await SuggestedAsync(author));
        var page = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", null)).ReadJsonAsync();
        Assert.Equal([older], page.GetProperty("posts").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList());
    }
}
