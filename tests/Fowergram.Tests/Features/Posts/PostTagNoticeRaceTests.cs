using System.Net;
using System.Text.Json;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Taking oneself off a post, or unliking it, while post-notifications is writing the notice about it. Its own host with the
/// pipeline stopped, so the consumer runs exactly when the test says, in a transaction the test holds open.
/// </summary>
public sealed class PostTagNoticeRaceTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_take_off_during_the_notices_transaction_waits_for_it_and_then_deletes_the_notice()
    {
        var posts = new PostsClient(_app);
        var (author, tagged) = (await posts.NewUserAsync(), await posts.NewUserAsync());
        var media = new[] { new { uploadId = (await posts.UploadAsync(author)).UploadId, userTags = new[] { new { username = tagged.Username, x = 0.5, y = 0.5 } } } };
        var postId = (await (await posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author, new { media })).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var envelope = new EventEnvelope(Guid.NewGuid(), PostEvents.UserTagged, author.Id,
            JsonSerializer.SerializeToElement(TagEvent.Of(tagged.Id, postId), ApiJson.Options), _app.Clock.GetUtcNow());

        await using (var conn = await posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await new PostNotificationsConsumer(_app.Clock).HandleAsync(envelope, conn, tx, CancellationToken.None); // the notice, uncommitted
            var takeOff = posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/tags/me", tagged);
            await Task.Delay(500);
            Assert.False(takeOff.IsCompleted, "The take-off should wait for the transaction that holds the tag.");
            await tx.CommitAsync();
            Assert.Equal(HttpStatusCode.NoContent, (await takeOff).StatusCode);
        }

        Assert.Equal(0L, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'tag' AND entity_id = @postId", new { id = tagged.Id, postId }));
        Assert.Equal(0L, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM media_user_tags t JOIN post_media pm ON pm.id = t.media_id WHERE pm.post_id = @postId", new { postId }));
    }
    /// <summary>A post liked over HTTP, and a maker of its like's events (post.liked, post.unliked) with fresh ids.</summary>
    private async Task<(PostsClient Posts, TestUser Author, TestUser Liker, Guid PostId, Func<string, EventEnvelope> Event)> LikedPostAsync()
    {
        var posts = new PostsClient(_app);
        var (author, liker) = (await posts.NewUserAsync(), await posts.NewUserAsync());
        var postId = await posts.PostIdAsync(author);
        Assert.Equal(HttpStatusCode.NoContent, (await posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", liker)).StatusCode);
        return (posts, author, liker, postId, type => new EventEnvelope(Guid.NewGuid(), type, liker.Id,
            JsonSerializer.SerializeToElement(PostUserEvent.Of(postId, author.Id, liker.Id), ApiJson.Options), _app.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task An_unlike_during_the_like_notices_transaction_waits_and_its_event_then_takes_the_notice_back()
    {
        var (posts, author, liker, postId, Event) = await LikedPostAsync();
        var consumer = new PostNotificationsConsumer(_app.Clock);

        await using (var conn = await posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await consumer.HandleAsync(Event(PostEvents.Liked), conn, tx, CancellationToken.None); // the like notice, uncommitted
            var unlike = posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/like", liker);
            await Task.Delay(500);
            Assert.False(unlike.IsCompleted, "The unlike should wait for the transaction that holds the like.");
            await tx.CommitAsync();
            Assert.Equal(HttpStatusCode.NoContent, (await unlike).StatusCode);
        }
        await using (var conn = await posts.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await consumer.HandleAsync(Event(PostEvents.Unliked), conn, tx, CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.Equal(0L, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'like' AND entity_id = @postId", new { id = author.Id, postId }));
    }

    /// <summary>Two instances, or like, unlike and like again: each transaction looked for the notice, found none and inserted it.</summary>
    [Fact]
    public async Task Two_like_events_of_one_pair_handled_at_once_leave_one_notice()
    {
        var (posts, author, _, postId, Event) = await LikedPostAsync();
        var consumer = new PostNotificationsConsumer(_app.Clock);

        await TransactionRace.SecondWaitsForFirstAsync(posts.Db,
            (conn, tx) => consumer.HandleAsync(Event(PostEvents.Liked), conn, tx, CancellationToken.None),
            (conn, tx) => consumer.HandleAsync(Event(PostEvents.Liked), conn, tx, CancellationToken.None),
            "The second event should wait for the transaction that writes the first one's notice.");

        Assert.Equal(1L, await posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'like' AND entity_id = @postId", new { id = author.Id, postId }));
    }
}
