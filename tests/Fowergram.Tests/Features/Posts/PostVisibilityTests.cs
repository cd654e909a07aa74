using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Every relationship (anonymous, stranger, pending requester, follower, blocked, blocker, owner) × account
/// (public, private) × surface (post and its media URLs, likers, comments, replies, grid, hashtag page,
/// like and comment writes). Who may not see gets 404 everywhere and never a media URL.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PostVisibilityTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    public static TheoryData<Relation, bool> Cells()
    {
        var data = new TheoryData<Relation, bool>();
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
            data.Add(relation, isPrivate);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Every_read_surface_answers_by_the_one_policy(Relation relation, bool isPrivate)
    {
        var owner = await _posts.NewUserAsync(isPrivate);
        var tag = "vis" + Guid.NewGuid().ToString("N")[..12];
        var postId = await _posts.PostIdAsync(owner, $"Evening #{tag}");
        var comment = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", owner, new { content = "first" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var commentId = comment.GetProperty("id").GetGuid();
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", owner);
        var viewer = await _posts.ViewerAsync(relation, owner);
        var sees = PostsClient.Sees(relation, isPrivate);
        var expected = sees ? HttpStatusCode.OK : HttpStatusCode.NotFound;

        var post = await _posts.GetAsync($"/api/v1/posts/{postId}", viewer);
        var likers = await _posts.GetAsync($"/api/v1/posts/{postId}/likers", viewer);
        var comments = await _posts.GetAsync($"/api/v1/posts/{postId}/comments", viewer);
        var replies = await _posts.GetAsync($"/api/v1/posts/{postId}/comments/{commentId}/replies", viewer);
        var grid = await _posts.GetAsync($"/api/v1/users/{owner.Username}/posts", viewer);

        foreach (var response in new[] { post, likers, comments, replies, grid })
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage!.RequestUri!.AbsolutePath}: {(int)response.StatusCode}");
        if (sees)
        {
            var media = (await post.ReadJsonAsync()).GetProperty("media")[0].GetProperty("url").GetString();
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(media)).StatusCode);
            Assert.Equal(owner.Id, (await likers.ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid());
            Assert.Equal(commentId, (await comments.ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid());
            Assert.Equal(postId, (await grid.ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid());
        }
        else
        {
            foreach (var response in new[] { post, likers, comments, replies, grid }) await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        // The post is the tag's only use: to whoever may not see it the tag is unknown (404, HashtagPrivateUseTests).
        var hashtag = await _posts.GetAsync($"/api/v1/hashtags/{tag}", viewer);
        if (sees) Assert.Equal([postId], Ids((await hashtag.ReadJsonAsync()).GetProperty("posts")));
        else await hashtag.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Likes_comments_and_saves_are_refused_with_404_where_the_post_is_not_visible(Relation relation, bool isPrivate)
    {
        var owner = await _posts.NewUserAsync(isPrivate);
        var postId = await _posts.PostIdAsync(owner);
        var viewer = await _posts.ViewerAsync(relation, owner);
        var sees = PostsClient.Sees(relation, isPrivate) && viewer is not null;
        var refused = viewer is null ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound;

        var like = await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", viewer);
        var comment = await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", viewer, new { content = "hi" });
        var save = await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/save", viewer);

        Assert.Equal(sees ? HttpStatusCode.NoContent : refused, like.StatusCode);
        Assert.Equal(sees ? HttpStatusCode.Created : refused, comment.StatusCode);
        Assert.Equal(sees ? HttpStatusCode.NoContent : refused, save.StatusCode);
        Assert.Equal(sees ? 1L : 0L, await _posts.LikeRowsAsync(postId));
        Assert.Equal(sees ? 1L : 0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE post_id = @postId", new { postId }));
    }

    [Fact]
    public async Task Archived_post_is_visible_to_its_owner_only_and_only_in_the_archive()
    {
        var owner = await _posts.NewUserAsync();
        var follower = await _posts.NewUserAsync();
        await _posts.FollowAsync(follower, owner);
        var postId = await _posts.PostIdAsync(owner);

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/archive", owner)).EnsureNoContentAsync();

        await (await _posts.GetAsync($"/api/v1/posts/{postId}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync($"/api/v1/posts/{postId}", owner)).ReadJsonAsync();
        Assert.Empty(Ids(await (await _posts.GetAsync($"/api/v1/users/{owner.Username}/posts", owner)).ReadJsonAsync()));
        Assert.Equal([postId], Ids(await (await _posts.GetAsync("/api/v1/users/me/posts/archived", owner)).ReadJsonAsync()));
        Assert.Empty(Ids(await (await _posts.GetAsync("/api/v1/users/me/posts/archived", follower)).ReadJsonAsync()));
        await (await _posts.GetAsync("/api/v1/users/me/posts/archived", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/unarchive", owner)).EnsureNoContentAsync();
        await (await _posts.GetAsync($"/api/v1/posts/{postId}", follower)).ReadJsonAsync();
    }

    [Fact]
    public async Task Deleted_post_is_gone_from_every_read_and_its_media_is_not_signed()
    {
        var owner = await _posts.NewUserAsync();
        var tag = "gone" + Guid.NewGuid().ToString("N")[..12];
        var postId = await _posts.PostIdAsync(owner, $"#{tag}");
        var saver = await _posts.NewUserAsync();
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/save", saver);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", owner)).EnsureNoContentAsync();

        foreach (var path in new[] { $"/api/v1/posts/{postId}", $"/api/v1/posts/{postId}/likers", $"/api/v1/posts/{postId}/comments" })
            await (await _posts.GetAsync(path, owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(Ids(await (await _posts.GetAsync($"/api/v1/users/{owner.Username}/posts", owner)).ReadJsonAsync()));
        await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", owner)).AssertProblemAsync(HttpStatusCode.NotFound); // its only use is gone
        Assert.Empty(Ids(await (await _posts.GetAsync("/api/v1/users/me/saved", saver)).ReadJsonAsync()));
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Both ways (checklist 9: a user blocked by A never finds A among the likers of a third account's post).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Blocked_likers_and_commenters_are_hidden_from_each_other(bool likerBlocks)
    {
        var owner = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var viewer = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(owner);
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", liker);
        var top = await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", owner, new { content = "top" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", liker, new { content = "by liker" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", liker,
            new { content = "reply by liker", parentId = top.GetProperty("id").GetGuid() })).ReadJsonAsync(HttpStatusCode.Created);
        if (likerBlocks) await _posts.BlockAsync(liker, viewer);
        else await _posts.BlockAsync(viewer, liker);

        var likers = Ids(await (await _posts.GetAsync($"/api/v1/posts/{postId}/likers", viewer)).ReadJsonAsync());
        var comments = (await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments", viewer)).ReadJsonAsync()).GetProperty("items");
        var replies = await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments/{top.GetProperty("id")}/replies", viewer)).ReadJsonAsync();
        var likerView = (await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments", liker)).ReadJsonAsync()).GetProperty("items");

        Assert.Empty(likers);
        Assert.Equal(["top"], comments.EnumerateArray().Select(c => c.GetProperty("content").GetString()));
        Assert.Equal(0, comments[0].GetProperty("replyCount").GetInt32());
        Assert.Empty(Ids(replies));
        Assert.Equal(1, likerView.EnumerateArray().Single(c => c.GetProperty("content").GetString() == "top").GetProperty("replyCount").GetInt32());
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
