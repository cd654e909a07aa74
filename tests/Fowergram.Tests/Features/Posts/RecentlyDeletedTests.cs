using System.Net;
using System.Text.Json;
using Fowergram.Features.Posts;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>"Recently deleted" (migration 0161): a deleted post waits for its author, who may restore it or delete it for good.</summary>
[Collection(ApiCollection.Name)]
public sealed class RecentlyDeletedTests(FowergramApp app)
{
    private static readonly TimeSpan Window = new PostsOptions().RestoreWindow;
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> DeleteAsync(TestUser user, Guid postId) => _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", user);

    private Task<HttpResponseMessage> RestoreAsync(TestUser user, Guid postId) => _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/restore", user);

    private Task<HttpResponseMessage> ForgetAsync(TestUser user, Guid postId) =>
        _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/posts/deleted/{postId}", user);

    private async Task<List<JsonElement>> ListAsync(TestUser user) =>
        (await (await _posts.GetAsync("/api/v1/users/me/posts/deleted", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_deleted_post_waits_in_its_authors_list_with_its_cover_and_when_it_can_no_longer_be_restored()
    {
        var (author, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = (await _posts.CreatePostAsync(author, "gone for now", mediaCount: 2)).GetProperty("id").GetGuid();
        var deletedAt = app.Clock.GetUtcNow();

        await (await DeleteAsync(author, postId)).EnsureNoContentAsync();

        var item = Assert.Single(await ListAsync(author));
        Assert.Equal(postId, item.GetProperty("post").GetProperty("id").GetGuid());
        Assert.Equal(2, item.GetProperty("post").GetProperty("mediaCount").GetInt32());
        Assert.Equal("photo 0", item.GetProperty("post").GetProperty("cover").GetProperty("altText").GetString());
        Assert.Equal(deletedAt, item.GetProperty("deletedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(deletedAt + Window, item.GetProperty("restorableUntil").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        // Deleted for everyone else and for its author outside the list.
        await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ListAsync(other));
    }

    [Fact]
    public async Task The_list_pages_most_recently_deleted_first()
    {
        var author = await _posts.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await _posts.PostIdAsync(author));
        foreach (var id in ids)
        {
            await (await DeleteAsync(author, id)).EnsureNoContentAsync();
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var first = await (await _posts.GetAsync("/api/v1/users/me/posts/deleted?limit=2", author)).ReadJsonAsync();
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
        var second = await (await _posts.GetAsync($"/api/v1/users/me/posts/deleted?limit=2&cursor={cursor}", author)).ReadJsonAsync();

        ids.Reverse();
        Assert.Equal(ids, first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(p => p.GetProperty("post").GetProperty("id").GetGuid()));
        Assert.False(second.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task Restoring_brings_the_post_back_to_the_grid_the_followers_feeds_and_the_counts_unpinned()
    {
        var (author, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, author);
        var tag = "back" + Guid.NewGuid().ToString("N")[..10];
        var postId = await _posts.PostIdAsync(author, $"#{tag} again");
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/pin", author)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", follower)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        await (await DeleteAsync(author, postId)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);
        Assert.Equal((0L, 0L, false), (await PostCountAsync(author), await HashtagCountAsync(tag), await InFeedAsync(follower, postId)));

        var restored = await (await RestoreAsync(author, postId)).ReadJsonAsync();
        await _posts.SettleAsync(postId);

        Assert.Equal(postId, restored.GetProperty("id").GetGuid());
        Assert.Equal(1, restored.GetProperty("likeCount").GetInt32());
        Assert.Equal((1L, 1L, true), (await PostCountAsync(author), await HashtagCountAsync(tag), await InFeedAsync(follower, postId)));
        var grid = await (await _posts.GetAsync($"/api/v1/users/{author.Username}/posts", follower)).ReadJsonAsync();
        var card = Assert.Single(grid.GetProperty("items").EnumerateArray());
        Assert.Equal((postId, false), (card.GetProperty("id").GetGuid(), card.GetProperty("isPinned").GetBoolean()));
        Assert.Empty(await ListAsync(author));
        // Restoring again answers the post: a retried request is not an error, and raises nothing more.
        Assert.Equal(postId, (await (await RestoreAsync(author, postId)).ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.restored' AND payload->>'postId' = @key",
            new { key = postId.ToString() }));
    }

    [Fact]
    public async Task Deleting_for_good_takes_it_out_of_the_list_and_beyond_restoring()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await (await DeleteAsync(author, postId)).EnsureNoContentAsync();

        await (await ForgetAsync(author, postId)).EnsureNoContentAsync();

        Assert.Empty(await ListAsync(author));
        await (await RestoreAsync(author, postId)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(author, postId)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT restorable_until FROM posts WHERE id = @postId", new { postId }));
    }

    [Fact]
    public async Task Another_accounts_post_deleted_or_live_is_a_404_and_nothing_changes()
    {
        var (author, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var deleted = await _posts.PostIdAsync(author);
        var live = await _posts.PostIdAsync(author);
        await (await DeleteAsync(author, deleted)).EnsureNoContentAsync();
        var before = await StateAsync(deleted, live);

        await (await RestoreAsync(stranger, deleted)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(stranger, deleted)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(stranger, live)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(author, live)).AssertProblemAsync(HttpStatusCode.NotFound); // live: not in the list

        Assert.Equal(before, await StateAsync(deleted, live));
        Assert.Single(await ListAsync(author));
    }

    [Fact]
    public async Task A_post_past_its_window_is_neither_listed_nor_restorable()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await (await DeleteAsync(author, postId)).EnsureNoContentAsync();
        // As if the window had passed and post-media-cleanup had not run yet.
        await _posts.ExecuteAsync("UPDATE posts SET deleted_at = deleted_at - @back, restorable_until = restorable_until - @back WHERE id = @postId",
            new { postId, back = Window + TimeSpan.FromMinutes(1) });

        Assert.Empty(await ListAsync(author));
        await (await RestoreAsync(author, postId)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(author, postId)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_requests_are_problems()
    {
        var author = await _posts.NewUserAsync();
        await (await RestoreAsync(author, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts/not-an-id/restore", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/posts/deleted/not-an-id", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync("/api/v1/users/me/posts/deleted?limit=0", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync("/api/v1/users/me/posts/deleted?cursor=%%%", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _posts.GetAsync("/api/v1/users/me/posts/deleted", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RestoreAsync(null!, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<string> StateAsync(params Guid[] ids) => _posts.ScalarAsync<string>(
        "SELECT string_agg(concat(id, deleted_at, restorable_until, updated_at), ',' ORDER BY id) FROM posts WHERE id = ANY(@ids)", new { ids });

    private Task<long> PostCountAsync(TestUser user) =>
        _posts.ScalarAsync<long>("SELECT coalesce((SELECT post_count FROM user_stats WHERE user_id = @id), 0)", new { id = user.Id });

    private Task<long> HashtagCountAsync(string tag) => _posts.ScalarAsync<long>(
        "SELECT coalesce((SELECT s.post_count FROM hashtag_stats s JOIN hashtags h ON h.id = s.hashtag_id WHERE h.name = @tag), 0)", new { tag });

    private async Task<bool> InFeedAsync(TestUser reader, Guid postId)
    {
        var feed = await (await _posts.GetAsync("/api/v1/feed?limit=50", reader)).ReadJsonAsync();
        return feed.GetProperty("items").EnumerateArray().Any(p => p.GetProperty("id").GetGuid() == postId);
    }
}
