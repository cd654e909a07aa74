using System.Net;
using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>GET /hashtags/search?q=: the exact name, then names starting with the term, then the most used.</summary>
[Collection(ApiCollection.Name)]
public sealed class HashtagSearchTests(FowergramApp app)
{
    [Fact]
    public async Task Exact_name_first_then_names_starting_with_the_term_then_containing_it_each_by_use()
    {
        var term = Term();
        await HashtagsAsync((term + "_cats", 5), ("x" + term, 500), (term, 1), (term + "dogs", 50), ("unrelated" + Term(), 900));

        Assert.Equal([term, term + "dogs", term + "_cats", "x" + term], await SearchAsync(term));
        Assert.Equal([term, term + "dogs", term + "_cats", "x" + term], await SearchAsync("#" + term.ToUpperInvariant()));
        Assert.Equal([term, term + "dogs"], await SearchAsync(term, "&limit=2"));

        var body = await (await app.Client.GetAsync($"/api/v1/hashtags/search?q={term}dogs", (string?)null)).ReadJsonAsync();
        var item = body.GetProperty("items")[0];
        Assert.Equal((term + "dogs", 50L), (item.GetProperty("name").GetString(), item.GetProperty("postCount").GetInt64()));
    }

    [Fact]
    public async Task Use_is_posts_and_reels_together_and_each_item_carries_both_counts()
    {
        var term = Term();
        await HashtagsAsync((term + "photos", 50, 0), (term + "clips", 5, 100), (term + "both", 30, 30));

        Assert.Equal([term + "clips", term + "both", term + "photos"], await SearchAsync(term));
        var body = await (await app.Client.GetAsync($"/api/v1/hashtags/search?q={term}clips", (string?)null)).ReadJsonAsync();
        var item = body.GetProperty("items")[0];
        Assert.Equal((5L, 100L), (item.GetProperty("postCount").GetInt64(), item.GetProperty("reelCount").GetInt64()));
    }

    [Fact]
    public async Task An_underscore_in_the_term_is_a_letter_not_a_wildcard()
    {
        var term = Term();
        await HashtagsAsync((term + "_1", 1), (term + "x1", 1));

        Assert.Equal([term + "_1"], await SearchAsync(term + "_"));
    }

    [Fact]
    public async Task One_or_two_letters_find_names_starting_with_them_most_used_first()
    {
        var name = "жю" + Term();
        // Used more than any hashtag already there (the test database outlives a run: earlier runs left theirs).
        var most = await MostUsedAsync() + 1;
        await HashtagsAsync((name, most), ("а" + name, most + 1));

        var found = await SearchAsync("жю");
        Assert.Equal(name, found[0]); // the most used of the names starting with the term, whatever else the database holds
        Assert.All(found, n => Assert.StartsWith("жю", n));
        Assert.DoesNotContain("а" + name, found);
    }

    [Fact]
    public async Task A_tag_is_suggested_only_to_those_who_may_see_a_post_or_reel_with_it()
    {
        var posts = new PostsClient(app);
        var (closed, follower, stranger, blocker, open) = (await posts.NewUserAsync(isPrivate: true), await posts.NewUserAsync(),
            await posts.NewUserAsync(), await posts.NewUserAsync(), await posts.NewUserAsync());
        await posts.FollowAsync(follower, closed);
        var (secret, shunned) = (Term(), Term());
        await posts.CreatePostAsync(closed, $"party #{secret}");
        await posts.CreatePostAsync(blocker, $"mine #{shunned}");
        await posts.BlockAsync(blocker, stranger);

        // Only a private account used it: its author and its follower are shown it, a stranger and a guest are not.
        Assert.Equal([secret], await SearchAsync(secret, viewer: closed));
        Assert.Equal([secret], await SearchAsync(secret, viewer: follower));
        Assert.Empty(await SearchAsync(secret, viewer: stranger));
        Assert.Empty(await SearchAsync(secret));
        var top = await (await posts.GetAsync($"/api/v1/search?q=%23{secret}", stranger)).ReadJsonAsync();
        Assert.Empty(top.GetProperty("hashtags").EnumerateArray());
        // Only an account that blocked the searcher used it: everyone but the searcher is shown it.
        Assert.Equal([shunned], await SearchAsync(shunned));
        Assert.Empty(await SearchAsync(shunned, viewer: stranger));

        await posts.CreatePostAsync(open, $"me too #{secret}");
        Assert.Equal([secret], await SearchAsync(secret, viewer: stranger));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=%23", "q")]
    [InlineData("q=%25", "q")]
    [InlineData("q=two%20words", "q")]
    [InlineData("q=x&limit=0", "limit")]
    [InlineData("q=x&limit=51", "limit")]
    [InlineData("q=x&limit=abc", "limit")]
    public async Task Bad_terms_and_limits_are_400s_naming_the_field(string query, string field) =>
        await (await app.Client.GetAsync($"/api/v1/hashtags/search?{query}", (string?)null)).AssertValidationErrorAsync(field);

    [Fact]
    public async Task A_term_longer_than_a_hashtag_can_be_is_a_400()
    {
        var response = await app.Client.GetAsync($"/api/v1/hashtags/search?q={new string('a', 101)}", (string?)null);
        await response.AssertValidationErrorAsync("q");
    }

    private static string Term() => "hs" + Guid.NewGuid().ToString("N")[..10];

    private async Task<List<string>> SearchAsync(string q, string extra = "", TestUser? viewer = null)
    {
        var body = await (await app.Client.GetAsync($"/api/v1/hashtags/search?q={Uri.EscapeDataString(q)}{extra}", viewer?.Token)).ReadJsonAsync();
        return body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
    }

    private static async Task<long> MostUsedAsync()
    {
        await using var conn = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await conn.ExecuteScalarAsync<long>("SELECT coalesce(max(post_count + reel_count), 0) FROM hashtag_stats");
    }

    private static Task HashtagsAsync(params (string Name, long Posts)[] tags) =>
        HashtagsAsync(tags.Select(t => (t.Name, t.Posts, 0L)).ToArray());

    /// <summary>Hashtags with the given counts, each on one post of a public account (a tag nobody may see a use of is not suggested).</summary>
    private static async Task HashtagsAsync(params (string Name, long Posts, long Reels)[] tags)
    {
        await using var conn = new NpgsqlConnection(TestDatabase.ConnectionString);
        var author = Guid.NewGuid();
        var username = "hsu" + author.ToString("N")[..12];
        await conn.ExecuteAsync("INSERT INTO users (id, email, username, hashed_password, full_name) VALUES (@author, @email, @username, 'x', 'Tagger')",
            new { author, username, email = username + "@example.test" });
        foreach (var (name, posts, reels) in tags)
            await conn.ExecuteAsync("""
                WITH h AS (INSERT INTO hashtags (id, name) VALUES (gen_random_uuid(), @name) RETURNING id),
                     s AS (INSERT INTO hashtag_stats (hashtag_id, post_count, reel_count) SELECT id, @posts, @reels FROM h),
                     p AS (INSERT INTO posts (id, user_id, caption, created_at) VALUES (gen_random_uuid(), @author, '#' || @name, now())
                           RETURNING id, user_id, created_at)
                INSERT INTO post_hashtags (post_id, hashtag_id, author_id, post_created_at) SELECT p.id, h.id, p.user_id, p.created_at FROM p, h
                """, new { name, posts, reels, author });
    }
}
