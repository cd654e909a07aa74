using System.Text.Json;
using Fowergram.Features.Posts;
using Fowergram.Features.Reels;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// Events arrive in any order: after like, unlike and like again, the unlike's event may be delivered last. It took back the
/// notice of the like that stands, so the author was left with none. An undo's event now takes its notice back only while
/// what it undid is gone (the like, the repost, the comment like, the pin); the undo that stands still takes it back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LateUndoEventTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private Task<long> NoticesAsync(TestUser author, string type) => _reels.Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @author AND type = @type", new { author = author.Id, type });

    private async Task DeliverAsync(IEventConsumer consumer, string type, TestUser actor, object payload)
    {
        var envelope = new EventEnvelope(Guid.NewGuid(), type, actor.Id, JsonSerializer.SerializeToElement(payload, ApiJson.Options), app.Clock.GetUtcNow());
        await using var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await consumer.HandleAsync(envelope, conn, tx, CancellationToken.None);
        await tx.CommitAsync();
    }

    [Fact]
    public async Task A_late_unlike_event_of_a_post_leaves_the_notice_of_the_like_that_stands()
    {
        var (author, fan) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var post = await _reels.Posts.PostIdAsync(author);
        await (await _reels.Posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/like", fan)).EnsureNoContentAsync();
        await _reels.Posts.SettleAsync(post);
        Assert.Equal(1L, await NoticesAsync(author, "like"));

        await DeliverAsync(new PostNotificationsConsumer(app.Clock), PostEvents.Unliked, fan, new PostUserEvent(post, author.Id, fan.Id, "post", post));

        Assert.Equal(1L, await NoticesAsync(author, "like"));
        await (await _reels.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/like", fan)).EnsureNoContentAsync();
        await _reels.Posts.SettleAsync(post);
        Assert.Equal(0L, await NoticesAsync(author, "like")); // the unlike that stands still takes it back
    }

    [Fact]
    public async Task A_late_unlike_event_of_a_reel_leaves_the_notice_of_the_like_that_stands()
    {
        var (author, fan) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author);
        await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/like", fan);
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await NoticesAsync(author, "reel_like"));

        await DeliverAsync(new ReelNotificationsConsumer(app.Clock), ReelEvents.Unliked, fan, new ReelLikeEvent(reel, author.Id, fan.Id, "reel", reel));

        Assert.Equal(1L, await NoticesAsync(author, "reel_like"));
        await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/like", fan);
        await _reels.SettleAsync(reel);
        Assert.Equal(0L, await NoticesAsync(author, "reel_like"));
    }
}
