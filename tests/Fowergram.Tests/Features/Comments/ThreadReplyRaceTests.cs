using System.Net;
using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Content;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// Reels' and videos' threads (CommentThreadApi): a reply racing the removal of its comment (a takedown, the commenter's purge)
/// is a 404 or goes with it, never left live under it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ThreadReplyRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData("reels")]
    [InlineData("videos")]
    public async Task A_reply_written_while_its_comment_is_being_removed_waits_and_finds_it_gone(string kind)
    {
        var (owner, alice, bob) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var thing = kind == "reels" ? await new ReelsClient(app).ReelIdAsync(owner) : await new VideosClient(app).VideoIdAsync(owner);
        var top = (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{kind}/{thing}/comments", alice, new { content = "top" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var (thread, type) = kind == "reels"
            ? ((Removal)new(app.Services.GetRequiredService<ReelCommentsApi>().TakeDownAsync), "reel_comment")
            : (new(app.Services.GetRequiredService<VideoCommentsApi>().TakeDownAsync), "igtv_comment");

        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            Assert.Equal(Fowergram.Platform.Moderation.Takedown.Removed, await thread.Remove(conn, tx, type, top, app.Clock.GetUtcNow(), CancellationToken.None));
            var reply = _posts.SendAsync(HttpMethod.Post, $"/api/v1/{kind}/{thing}/comments", bob, new { content = "late", parentId = top });
            await Task.Delay(500);
            Assert.False(reply.IsCompleted, "The reply should wait for the removal that holds its thread.");
            await tx.CommitAsync();
            await (await reply).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        var table = kind == "reels" ? "reel_comments" : "igtv_comments";
        Assert.Equal(0L, await _posts.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE parent_id = @top", new { top }));
    }

    [Theory]
    [InlineData("reels")]
    [InlineData("videos")]
    public async Task A_purge_of_the_commenter_while_a_reply_is_being_written_waits_and_takes_the_reply_too(string kind)
    {
        var (owner, alice, bob) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var thing = kind == "reels" ? await new ReelsClient(app).ReelIdAsync(owner) : await new VideosClient(app).VideoIdAsync(owner);
        var top = (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/{kind}/{thing}/comments", alice, new { content = "top" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var reply = Guid.CreateVersion7();
        var (sql, table) = kind == "reels" ? (ReelCommentsSql.Thread, "reel_comments") : (VideoCommentsApi.Thread, "igtv_comments");
        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == kind);

        await TransactionRace.SecondWaitsForFirstAsync(_posts.Db,
            // What POST .../comments does for a reply, up to its commit.
            async (conn, tx) =>
            {
                await conn.ExecuteAsync(sql.LockThread, sql.Args(thing, new { commentId = top }), tx);
                await conn.ExecuteAsync(sql.Insert, sql.Args(thing, new { id = reply, authorId = bob.Id, parentId = top, content = "late",
                    now = app.Clock.GetUtcNow(), heldAt = (DateTimeOffset?)null }), tx);
            },
            async (conn, tx) =>
            {
                while (await step.PurgeAsync(conn, tx, alice.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            },
            "The purge should wait for the reply being written under the account's comment.");

        Assert.True(await _posts.ScalarAsync<bool>($"SELECT deleted_at IS NOT NULL FROM {table} WHERE id = @reply", new { reply }));
    }

    private sealed record Removal(Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, string, Guid, DateTimeOffset, CancellationToken, Task<Fowergram.Platform.Moderation.Takedown>> Remove);
}
