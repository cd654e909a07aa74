using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Comments;
using Fowergram.Platform.Purge;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>Comments with one level of replies, deletion rights, comment likes and the counters behind them.</summary>
[Collection(ApiCollection.Name)]
public sealed class CommentTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<JsonElement> CommentAsync(TestUser user, Guid postId, string content, Guid? parentId = null) =>
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task A_reply_to_a_reply_joins_the_thread_of_its_top_level_comment()
    {
        var author = await _posts.NewUserAsync();
        var alice = await _posts.NewUserAsync();
        var bob = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var top = await CommentAsync(alice, postId, "Lovely");
        var reply = await CommentAsync(bob, postId, "Agreed", top.GetProperty("id").GetGuid());
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));

        var nested = await CommentAsync(alice, postId, "Thanks!", reply.GetProperty("id").GetGuid());
        await _posts.SettleAsync(postId);

        Assert.Equal(top.GetProperty("id").GetGuid(), nested.GetProperty("parentId").GetGuid());
        var replies = await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments/{top.GetProperty("id")}/replies", null)).ReadJsonAsync();
        Assert.Equal(["Agreed", "Thanks!"], replies.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("content").GetString()));
        var list = await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments", null)).ReadJsonAsync();
        Assert.Equal(2, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("replyCount").GetInt32());
        Assert.Equal(3L, await _posts.CommentCountAsync(postId));
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT reply_count FROM comment_stats WHERE comment_id = @id", new { id = top.GetProperty("id").GetGuid() }));
        await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments/{reply.GetProperty("id")}/replies", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Comments_on_a_post_with_comments_turned_off_are_refused_with_409()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var postId = (await _posts.CreatePostAsync(author, commentsDisabled: true)).GetProperty("id").GetGuid();

        var refused = await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", fan, new { content = "hello" });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("turned off", problem.GetProperty("detail").GetString());
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE post_id = @postId", new { postId }));
    }

    [Fact]
    public async Task Own_comment_or_any_comment_on_own_post_can_be_deleted_and_a_thread_goes_with_its_comment()
    {
        var author = await _posts.NewUserAsync();
        var alice = await _posts.NewUserAsync();
        var bob = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var top = (await CommentAsync(alice, postId, "top")).GetProperty("id").GetGuid();
        var reply = (await CommentAsync(bob, postId, "reply", top)).GetProperty("id").GetGuid();
        var other = (await CommentAsync(bob, postId, "other")).GetProperty("id").GetGuid();

        var byStranger = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{top}", bob);
        var byAuthorOfComment = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{other}", bob);
        var byPostAuthor = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{top}", author);
        var again = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{top}", author);
        await _posts.SettleAsync(postId);

        await byStranger.AssertProblemAsync(HttpStatusCode.NotFound);
        await byAuthorOfComment.EnsureNoContentAsync();
        await byPostAuthor.EnsureNoContentAsync();
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(3L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE id = ANY(@ids) AND deleted_at IS NOT NULL",
            new { ids = new[] { top, reply, other } }));
        Assert.Equal(0L, await _posts.CommentCountAsync(postId));
        Assert.Empty((await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_comment_deleted_before_its_creation_was_counted_never_drives_the_count_below_zero()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await _posts.SettleAsync(postId);

        var comments = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => CommentAsync(author, postId, $"c{i}")));
        await Task.WhenAll(comments.Select(c => _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{c.GetProperty("id")}", author)));
        await _posts.SettleAsync(postId);

        Assert.Equal(0L, await _posts.CommentCountAsync(postId));
    }

    [Fact]
    public async Task Comment_likes_are_idempotent_and_counted()
    {
        var author = await _posts.NewUserAsync();
        var fans = new[] { await _posts.NewUserAsync(), await _posts.NewUserAsync() };
        var postId = await _posts.PostIdAsync(author);
        var commentId = (await CommentAsync(author, postId, "like me")).GetProperty("id").GetGuid();
        var path = $"/api/v1/posts/{postId}/comments/{commentId}/like";

        await Task.WhenAll(fans.SelectMany(f => Enumerable.Range(0, 5).Select(_ => _posts.SendAsync(HttpMethod.Put, path, f))));
        await (await _posts.SendAsync(HttpMethod.Delete, path, fans[1])).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, path, fans[1])).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);

        var seen = (await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments", fans[0])).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal((1, true), (seen.GetProperty("likeCount").GetInt32(), seen.GetProperty("isLiked").GetBoolean()));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comment_likes WHERE comment_id = @commentId", new { commentId }));
    }

    [Fact]
    public async Task Comment_mentions_are_stored_for_known_accounts_only()
    {
        var author = await _posts.NewUserAsync();
        var friend = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);

        var comment = await CommentAsync(author, postId, $"@{friend.Username} and @nobody_{Guid.NewGuid().ToString("N")[..10]} look");

        var mentioned = await _posts.ScalarAsync<Guid>("SELECT user_id FROM comment_mentions WHERE comment_id = @id", new { id = comment.GetProperty("id").GetGuid() });
        Assert.Equal(friend.Id, mentioned);
    }

    [Fact]
    public async Task Comments_page_newest_first()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        for (var i = 0; i < 3; i++)
        {
            await CommentAsync(author, postId, $"c{i}");
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var first = await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments?limit=2", null)).ReadJsonAsync();
        var second = await (await _posts.GetAsync($"/api/v1/posts/{postId}/comments?limit=2&cursor={first.GetProperty("nextCursor").GetString()}", null)).ReadJsonAsync();

        Assert.Equal(["c2", "c1", "c0"], first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(c => c.GetProperty("content").GetString()));
    }
    [Fact]
    public async Task A_reply_written_while_its_comment_is_being_deleted_waits_and_finds_it_gone()
    {
        var (author, alice, bob) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await _posts.PostIdAsync(author);
        var top = (await CommentAsync(alice, postId, "top")).GetProperty("id").GetGuid();

        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await CommentRemoval.RemoveAsync(conn, tx, app.Clock, alice.Id, postId, author.Id, top, app.Clock.GetUtcNow(), CancellationToken.None);
            var reply = _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", bob, new { content = "late", parentId = top });
            await Task.Delay(500);
            Assert.False(reply.IsCompleted, "The reply should wait for the deletion that holds its thread.");
            await tx.CommitAsync();
            await (await reply).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await _posts.SettleAsync(postId);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE post_id = @postId AND deleted_at IS NULL", new { postId }));
        Assert.Equal(0L, await _posts.CommentCountAsync(postId));
    }
    [Fact]
    public async Task Deleting_a_comment_while_a_reply_to_it_is_being_written_waits_and_takes_the_reply_too()
    {
        var (author, alice, bob) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await _posts.PostIdAsync(author);
        var top = (await CommentAsync(alice, postId, "top")).GetProperty("id").GetGuid();
        var reply = Guid.CreateVersion7();

        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            // What POST .../comments does for a reply, up to its commit.
            await conn.ExecuteAsync(CommentsSql.LockThread, new { commentId = top, postId }, tx);
            await conn.ExecuteAsync(CommentsSql.Insert, new { id = reply, postId, authorId = bob.Id, parentId = top, content = "late",
                now = app.Clock.GetUtcNow(), heldAt = (DateTimeOffset?)null }, tx);
            var deletion = _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{top}", alice);
            await Task.Delay(500);
            Assert.False(deletion.IsCompleted, "The deletion should wait for the reply being written under the comment.");
            await tx.CommitAsync();
            await (await deletion).EnsureNoContentAsync();
        }

        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM comments WHERE id = @reply", new { reply }));
    }

    [Fact]
    public async Task A_purge_of_the_commenter_while_a_reply_is_being_written_waits_and_takes_the_reply_too()
    {
        var (author, alice, bob) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var postId = await _posts.PostIdAsync(author);
        var top = (await CommentAsync(alice, postId, "top")).GetProperty("id").GetGuid();
        var reply = Guid.CreateVersion7();
        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "comments");

        await TransactionRace.SecondWaitsForFirstAsync(_posts.Db,
            // What POST .../comments does for a reply, up to its commit.
            async (conn, tx) =>
            {
                await conn.ExecuteAsync(CommentsSql.LockThread, new { commentId = top, postId }, tx);
                await conn.ExecuteAsync(CommentsSql.Insert, new { id = reply, postId, authorId = bob.Id, parentId = top, content = "late",
                    now = app.Clock.GetUtcNow(), heldAt = (DateTimeOffset?)null }, tx);
            },
            async (conn, tx) =>
            {
                while (await step.PurgeAsync(conn, tx, alice.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            },
            "The purge should wait for the reply being written under the account's comment.");

        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM comments WHERE id = @reply", new { reply }));
    }
}
