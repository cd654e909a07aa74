using System.Net;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Content;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Comments;

/// <summary>Reels' and videos' threads (CommentThreadApi): a reply racing the removal of its comment is a 404, never left live under it.</summary>
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

    private sealed record Removal(Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, string, Guid, DateTimeOffset, CancellationToken, Task<Fowergram.Platform.Moderation.Takedown>> Remove);
}
