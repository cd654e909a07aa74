using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// Favorites (migration 0102): up to 50 accounts, a feed of their posts newest first with the read-time rules of every post
/// list (archived, deleted, blocked, private, muted: left out), and the list itself.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FavoritesTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> AddAsync(TestUser? reader, string username) =>
        _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/favorites/{username}", reader);

    private async Task<List<Guid>> FeedAsync(TestUser reader, int limit = 20)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var query = cursor is null ? $"?limit={limit}" : $"?limit={limit}&cursor={cursor}";
            var page = await (await _posts.GetAsync($"/api/v1/feed/favorites{query}", reader)).ReadJsonAsync();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return ids;
    }

    private async Task<Guid> PostAsync(TestUser author)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return await _posts.PostIdAsync(author);
    }

    /// <summary>Gives the reader <paramref name="count"/> fresh favorites, written directly: as many sign-ups would only slow the test down.</summary>
    private Task FavoriteManyAsync(TestUser reader, int count) => _posts.ExecuteAsync("""
        WITH fresh AS (
            INSERT INTO users (id, email, username, hashed_password)
            SELECT gen_random_uuid(), 'fav' || g || '-' || @tag || '@example.test', 'fav' || g || '_' || @tag, 'not-a-real-hash'
              FROM generate_series(1, @count) g
            RETURNING id)
        INSERT INTO favorites (user_id, favorite_id) SELECT @reader, id FROM fresh
        """, new { reader = reader.Id, count, tag = Guid.NewGuid().ToString("N")[..8] });

    [Fact]
    public async Task The_favorites_feed_merges_the_favorites_posts_newest_first_in_pages_and_nothing_else()
    {
        var reader = await _posts.NewUserAsync();
        var (ann, bob, followedOnly) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(reader, followedOnly);
        var a1 = await PostAsync(ann);
        var b1 = await PostAsync(bob);
        await PostAsync(followedOnly);
        var a2 = await PostAsync(ann);
        var archived = await PostAsync(bob);
        var deleted = await PostAsync(ann);
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{archived}/archive", bob)).EnsureSuccessStatusCode();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", ann)).EnsureNoContentAsync();

        foreach (var favorite in new[] { ann, bob }) await (await AddAsync(reader, favorite.Username)).EnsureNoContentAsync();
        await (await AddAsync(reader, ann.Username)).EnsureNoContentAsync(); // idempotent

        Assert.Equal([a2, b1, a1], await FeedAsync(reader, limit: 2));
        var list = await (await _posts.GetAsync("/api/v1/users/me/favorites", reader)).ReadJsonAsync();
        Assert.Equal([bob.Id, ann.Id], list.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/favorites/{bob.Username}", reader)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/favorites/{bob.Username}", reader)).EnsureNoContentAsync();
        Assert.Equal([a2, a1], await FeedAsync(reader));
    }

    [Fact]
    public async Task Blocks_mutes_and_a_switch_to_private_hide_a_favorites_posts_at_read_time()
    {
        var reader = await _posts.NewUserAsync();
        var (blocker, muted, turnsPrivate) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        foreach (var favorite in new[] { blocker, muted, turnsPrivate })
        {
            await PostAsync(favorite);
            await (await AddAsync(reader, favorite.Username)).EnsureNoContentAsync();
        }
        Assert.Equal(3, (await FeedAsync(reader)).Count);

        await _posts.BlockAsync(blocker, reader);
        await _posts.ExecuteAsync("INSERT INTO mutes (muter_id, muted_id, mute_posts) VALUES (@a, @b, true)", new { a = reader.Id, b = muted.Id });
        await _posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = turnsPrivate.Id });

        Assert.Empty(await FeedAsync(reader));
        await (await AddAsync(reader, blocker.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Favorites_are_others_and_at_most_fifty_and_bad_requests_change_nothing()
    {
        var reader = await _posts.NewUserAsync();
        await (await AddAsync(reader, reader.Username)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await AddAsync(reader, "me")).AssertProblemAsync(HttpStatusCode.BadRequest);
        // Removing oneself is the same malformed request as adding oneself (docs/feed.md "Favorites"), not a 204.
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/favorites/{reader.Username}", reader)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/favorites/me", reader)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await AddAsync(reader, "nobody_" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AddAsync(null, reader.Username)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _posts.GetAsync("/api/v1/feed/favorites?limit=0", reader)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync("/api/v1/feed/favorites", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Fifty favorites already.
        await FavoriteManyAsync(reader, 50);
        var one = await _posts.NewUserAsync();

        await (await AddAsync(reader, one.Username)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(50L, await _posts.ScalarAsync<long>("SELECT count(*) FROM favorites WHERE user_id = @id", new { id = reader.Id }));
    }

    [Fact]
    public async Task A_favorite_who_blocked_the_reader_can_still_be_removed_so_it_does_not_hold_a_place_for_good()
    {
        var (reader, blocker, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await (await AddAsync(reader, blocker.Username)).EnsureNoContentAsync();
        await FavoriteManyAsync(reader, 49);
        await _posts.BlockAsync(blocker, reader);
        await _posts.BlockAsync(stranger, reader);
        var another = await _posts.NewUserAsync();
        await (await AddAsync(reader, another.Username)).AssertProblemAsync(HttpStatusCode.Conflict); // the hidden one still counts

        // The reader's own row goes, whoever can see whom (before: a 404, and the place was held until the block ended).
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/favorites/{blocker.Username}", reader)).EnsureNoContentAsync();
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM favorites WHERE user_id = @r AND favorite_id = @b",
            new { r = reader.Id, b = blocker.Id }));
        await (await AddAsync(reader, another.Username)).EnsureNoContentAsync();
        // An account the reader cannot see and never favorited is still a 404, as an unknown name: nothing is revealed.
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/favorites/{stranger.Username}", reader)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
