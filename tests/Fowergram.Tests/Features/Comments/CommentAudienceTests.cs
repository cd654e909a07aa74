using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// "Allow comments from" (migration 0143): an account lets everyone, the accounts it follows, its followers or both comment
/// on its posts, reels and long-form videos; anyone else's comment or reply is a 403 and writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CommentAudienceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly ReelsClient _reels = new(app);
    private readonly VideosClient _videos = new(app);

    private Task<HttpResponseMessage> SetAsync(TestUser? user, object body) => _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/comments-from", user, body);

    private Task<HttpResponseMessage> CommentAsync(TestUser user, string kind, Guid thing, Guid? parentId = null) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/{kind}/{thing}/comments", user, new { content = "nice", parentId });

    private Task<long> CommentsByAsync(TestUser user) => _posts.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM comments WHERE user_id = @id) + (SELECT count(*) FROM reel_comments WHERE user_id = @id)
             + (SELECT count(*) FROM igtv_comments WHERE user_id = @id)
        """, new { id = user.Id });

    [Fact]
    public async Task Each_choice_lets_exactly_its_accounts_comment_on_posts_reels_and_videos()
    {
        var owner = await _posts.NewUserAsync();
        var (followed, follower, mutual, stranger) =
            (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(owner, followed);
        await _posts.FollowAsync(follower, owner);
        await _posts.FollowAsync(owner, mutual);
        await _posts.FollowAsync(mutual, owner);
        var things = new (string Kind, Guid Id)[]
        {
            ("posts", await _posts.PostIdAsync(owner)), ("reels", await _reels.ReelIdAsync(owner)), ("videos", await _videos.VideoIdAsync(owner)),
        };
        var allowed = new Dictionary<string, TestUser[]>
        {
            ["everyone"] = [followed, follower, mutual, stranger],
            ["following"] = [followed, mutual],
            ["followers"] = [follower, mutual],
            ["following_and_followers"] = [followed, follower, mutual],
        };
        foreach (var (from, who) in allowed)
        {
            var set = await (await SetAsync(owner, new { from })).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(from, set.GetProperty("from").GetString());
            foreach (var user in new[] { followed, follower, mutual, stranger })
                foreach (var (kind, id) in things)
                {
                    var response = await CommentAsync(user, kind, id);
                    if (who.Contains(user)) await response.ReadJsonAsync(HttpStatusCode.Created);
                    else await response.AssertProblemAsync(HttpStatusCode.Forbidden);
                }
            foreach (var (kind, id) in things) await (await CommentAsync(owner, kind, id)).ReadJsonAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task A_refused_comment_or_reply_writes_nothing_and_earlier_comments_stay()
    {
        var (owner, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await _posts.PostIdAsync(owner);
        var earlier = (await (await CommentAsync(stranger, "posts", postId)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var ownComment = (await (await CommentAsync(owner, "posts", postId)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await SetAsync(owner, new { from = "followers" })).ReadJsonAsync(HttpStatusCode.OK);
        var before = await CommentsByAsync(stranger);

        var refused = await (await CommentAsync(stranger, "posts", postId, parentId: ownComment)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(owner.Username, refused.GetProperty("detail").GetString());
        Assert.Equal(before, await CommentsByAsync(stranger));
        var listed = (await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments", owner)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(earlier, listed);
        // The owner answers anyone, in their own threads too.
        await (await CommentAsync(owner, "posts", postId, parentId: earlier)).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_setting_reads_back_refuses_bad_values_and_goes_into_the_export()
    {
        var owner = await _posts.NewUserAsync();
        Assert.Equal("everyone", (await (await _posts.GetAsync("/api/v1/users/me/comments-from", owner)).ReadJsonAsync()).GetProperty("from").GetString());
        await (await SetAsync(owner, new { from = " Following " })).ReadJsonAsync(HttpStatusCode.OK);

        await (await SetAsync(owner, new { from = "friends" })).AssertValidationErrorAsync("from");
        await (await SetAsync(owner, new { })).AssertValidationErrorAsync("from");
        await (await SetAsync(owner, new { from = 3 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync(null, new { from = "everyone" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("following", (await (await _posts.GetAsync("/api/v1/users/me/comments-from", owner)).ReadJsonAsync()).GetProperty("from").GetString());
        var export = await (await _posts.GetAsync("/api/v1/users/me/export", owner)).ReadJsonAsync();
        Assert.Equal("following", export.GetProperty("account").GetProperty("allowCommentsFrom").GetString());
    }
}
