using System.Net;
using System.Text.Json;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Comments;

/// <summary>
/// Unpinning a comment while post-notifications is writing its 'pinned your comment' notice: the unpin waits for that
/// transaction (the notice's share lock on the comment), so the unpin's event finds the notice and takes it back. Without
/// the lock the unpin went through, its event found nothing to take back, and the notice stayed. Its own host with the
/// pipeline stopped, so the consumer runs exactly when the test says.
/// </summary>
public sealed class CommentPinNoticeRaceTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_unpin_during_the_pin_notices_transaction_waits_and_its_event_then_takes_the_notice_back()
    {
        var posts = new PostsClient(_app);
        var (author, fan) = (await posts.NewUserAsync(), await posts.NewUserAsync());
        var postId = await posts.PostIdAsync(author);
        var commentId = (await (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/comments", fan, new { content = "first!" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/comments/{commentId}/pin", author)).StatusCode);
        EventEnvelope Event(string type) => new(Guid.NewGuid(), type, author.Id, JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["commentId"] = commentId, ["postId"] = postId, ["commentAuthorId"] = fan.Id, ["entityType"] = PostEvents.EntityComment, ["entityId"] = commentId,
        }, ApiJson.Options), _app.Clock.GetUtcNow());
        var consumer = new PostNotificationsConsumer(_app.Clock);

        await using (var conn = await posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await consumer.HandleAsync(Event("comment.pinned"), conn, tx, CancellationToken.None); // the notice, uncommitted
            var unpin = posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/comments/{commentId}/pin", author);
            await Task.Delay(500);
            Assert.False(unpin.IsCompleted, "The unpin should wait for the transaction that writes the pin's notice.");
            await tx.CommitAsync();
            Assert.Equal(HttpStatusCode.NoContent, (await unpin).StatusCode);
        }
        await using (var conn = await posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await consumer.HandleAsync(Event("comment.unpinned"), conn, tx, CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.Equal(0L, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'comment_pin' AND entity_id = @commentId", new { id = fan.Id, commentId }));
    }
}
