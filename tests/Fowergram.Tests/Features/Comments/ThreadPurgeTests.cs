using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// The commenter's purge on reels' and videos' threads removes comments as their deletions would: a held comment
/// (CommentHolding) raised nothing when written, so its removal raises nothing either, as for posts' comments.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ThreadPurgeTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Theory]
    [InlineData("reels")]
    [InlineData("videos")]
    public async Task A_purge_raises_a_deletion_for_shown_comments_only(string kind)
    {
        var (owner, alice) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var thing = kind == "reels" ? await new ReelsClient(app).ReelIdAsync(owner) : await new VideosClient(app).VideoIdAsync(owner);
        var (sql, deleted) = kind == "reels" ? (ReelCommentsSql.Thread, ReelEvents.CommentDeleted) : (VideoCommentsApi.Thread, VideoEvents.CommentDeleted);
        var (shown, held) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var now = app.Clock.GetUtcNow();
        await using (var conn = await _posts.Db.OpenConnectionAsync())
            foreach (var (id, heldAt) in new[] { (shown, (DateTimeOffset?)null), (held, now) })
                await conn.ExecuteAsync(sql.Insert, sql.Args(thing, new { id, authorId = alice.Id, parentId = (Guid?)null, content = "hi", now, heldAt }));

        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == kind);
        await using (var conn = await _posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            while (await step.PurgeAsync(conn, tx, alice.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None) > 0) { }
            await tx.CommitAsync();
        }

        var raised = await _posts.ScalarAsync<Guid[]>(
            "SELECT coalesce(array_agg((payload->>'commentId')::uuid), '{}') FROM outbox WHERE type = @deleted AND payload->>'commentId' = ANY (@ids)",
            new { deleted, ids = new[] { shown.ToString(), held.ToString() } });
        Assert.Equal([shown], raised);
    }
}
