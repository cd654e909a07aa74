using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>A profile's tagged tab (GET /users/{username}/tagged) and taking oneself off a post (DELETE /posts/{id}/tags/me).</summary>
[Collection(ApiCollection.Name)]
public sealed class PostTagTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task The_tagged_tab_lists_each_post_once_newest_first_by_keyset()
    {
        var (author, tagged) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var older = await PostAsync(author, tagged);
        await _posts.PostIdAsync(author, "no tags here");
        var twice = await PostAsync(author, tagged, tagged); // tagged on both photos

        var order = await _posts.NewestFirstAsync(older, twice);
        Assert.Equal(order, await TaggedAsync(tagged, viewer: null));
        var first = await (await _posts.GetAsync($"/api/v1/users/{tagged.Username}/tagged?limit=1", tagged)).ReadJsonAsync();
        Assert.Equal(order[0], first.GetProperty("items")[0].GetProperty("id").GetGuid());
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
        var second = await (await _posts.GetAsync($"/api/v1/users/{tagged.Username}/tagged?limit=1&cursor={cursor}", tagged)).ReadJsonAsync();
        Assert.Equal(order[1], second.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.False(second.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String);
    }

    [Theory]
    [InlineData(Relation.Anonymous)]
    [InlineData(Relation.Stranger)]
    [InlineData(Relation.Pending)]
    [InlineData(Relation.Follower)]
    [InlineData(Relation.Blocked)]
    [InlineData(Relation.Blocker)]
    [InlineData(Relation.Owner)]
    public async Task Each_tagged_post_is_shown_only_to_whom_its_author_shows_it(Relation relation)
    {
        var tagged = await _posts.NewUserAsync();
        var (publicAuthor, privateAuthor) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(isPrivate: true));
        var open = await PostAsync(publicAuthor, tagged);
        var closed = await PostAsync(privateAuthor, tagged);
        var viewer = await _posts.ViewerAsync(relation, privateAuthor);

        // The viewer stands in no relation to the public author.
        var expected = PostsClient.Sees(relation, isPrivate: true) ? await _posts.NewestFirstAsync(open, closed) : [open];
        Assert.Equal(expected, await TaggedAsync(tagged, viewer));
    }

    [Fact]
    public async Task A_private_accounts_tagged_tab_is_its_followers_and_deleted_or_archived_posts_leave_it()
    {
        var (author, tagged, stranger, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(isPrivate: true),
            await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, tagged);
        var (kept, deleted, archived) = (await PostAsync(author, tagged), await PostAsync(author, tagged), await PostAsync(author, tagged));
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", author)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{archived}/archive", author)).StatusCode);

        await (await _posts.GetAsync($"/api/v1/users/{tagged.Username}/tagged", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([kept], await TaggedAsync(tagged, follower));
        Assert.Equal([kept], await TaggedAsync(tagged, tagged));
    }

    [Fact]
    public async Task A_tagged_account_takes_itself_off_a_post_even_one_it_can_no_longer_see()
    {
        var (author, tagged, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await PostAsync(author, tagged, other);
        await _posts.BlockAsync(tagged, author); // the post is now hidden from the tagged account

        foreach (var _ in new[] { 1, 2 }) // idempotent
            Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", tagged)).StatusCode);

        var post = await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync();
        var names = post.GetProperty("media").EnumerateArray().SelectMany(m => m.GetProperty("userTags").EnumerateArray())
            .Select(t => t.GetProperty("username").GetString()).ToList();
        Assert.Equal([other.Username], names); // only the caller's own tag went
        Assert.Empty(await TaggedAsync(tagged, tagged));
    }

    [Fact]
    public async Task Taking_oneself_off_tells_nothing_about_the_post()
    {
        var user = await _posts.NewUserAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{Guid.NewGuid()}/tags/me", user)).StatusCode);
        await (await _posts.SendAsync(HttpMethod.Delete, "/api/v1/posts/not-a-post/tags/me", user)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{Guid.NewGuid()}/tags/me", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_tagged_account_is_notified_once_by_the_author_and_never_the_author_itself()
    {
        var (author, friend, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await PostAsync(author, friend, friend, other, author); // friend on two photos, the author on one
        await _posts.SettleAsync(postId);

        Assert.Equal((1L, 1L, 0L), (await TagNoticesAsync(friend, postId), await TagNoticesAsync(other, postId), await TagNoticesAsync(author, postId)));
        Assert.Equal(author.Id, await _posts.ScalarAsync<Guid>(
            "SELECT actor_id FROM notifications WHERE user_id = @id AND type = 'tag' AND entity_id = @postId", new { id = friend.Id, postId }));
    }

    [Fact]
    public async Task Taking_oneself_off_withdraws_the_notice_and_before_delivery_prevents_it()
    {
        var (author, early, late) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await PostAsync(author, early, late);
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", early)).StatusCode);
        await _posts.SettleAsync(postId); // early's user.tagged is delivered after the untag
        Assert.Equal((0L, 1L), (await TagNoticesAsync(early, postId), await TagNoticesAsync(late, postId)));

        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", late)).StatusCode);
        Assert.Equal(0L, await TagNoticesAsync(late, postId));
    }

    [Fact]
    public async Task An_account_that_cannot_see_the_post_is_not_told_about_it()
    {
        var (author, stranger) = (await _posts.NewUserAsync(isPrivate: true), await _posts.NewUserAsync());
        var postId = await PostAsync(author, stranger);
        await _posts.SettleAsync(postId);
        Assert.Equal(0L, await TagNoticesAsync(stranger, postId));
    }

    private Task<long> TagNoticesAsync(TestUser recipient, Guid postId) => _posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'tag' AND entity_id = @postId", new { id = recipient.Id, postId });

    /// <summary>A post by <paramref name="author"/> with one photo per entry of <paramref name="tagged"/>, each tagging that account.</summary>
    private async Task<Guid> PostAsync(TestUser author, params TestUser[] tagged)
    {
        var media = new List<object>();
        foreach (var who in tagged)
            media.Add(new { uploadId = (await _posts.UploadAsync(author)).UploadId, userTags = new[] { new { username = who.Username, x = 0.5, y = 0.5 } } });
        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media })).ReadJsonAsync(HttpStatusCode.Created);
        return post.GetProperty("id").GetGuid();
    }


    private async Task<List<Guid>> TaggedAsync(TestUser owner, TestUser? viewer)
    {
        var page = await (await _posts.GetAsync($"/api/v1/users/{owner.Username}/tagged", viewer)).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }
}
