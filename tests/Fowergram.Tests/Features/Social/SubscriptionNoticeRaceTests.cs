using System.Text.Json;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// subscription-notifications handling two announcements of one thing at once, as two instances of the consumer do with
/// messages a moment apart (a video published, unpublished and published again; a trial reel's reel.created delivered late,
/// beside its reel.trial_shared). Each transaction is one the test holds open (TransactionRace), as SocialNoticeRaceTests.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SubscriptionNoticeRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task Two_announcements_of_one_video_handled_at_once_notify_each_subscriber_once()
    {
        var author = await _videos.NewUserAsync();
        var subscriber = await _posts.NewUserAsync();
        await _posts.FollowAsync(subscriber, author);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/notifications", subscriber, new { videos = true }))
            .ReadJsonAsync();
        var video = await _videos.VideoIdAsync(author, "Twice out", published: false); // a draft: nothing is announced
        await new EntityEvents(app, "videoId").SettleAsync(video);
        // Published behind the pipeline's back, so the two announcements below are the only ones.
        await _posts.ExecuteAsync("UPDATE igtv_videos SET is_published = true, published_at = now() WHERE id = @video", new { video });

        var consumer = new SubscriptionNotificationsConsumer(app.Clock);
        EventEnvelope Published() => new(Guid.NewGuid(), "igtv_video.published", author.Id,
            JsonSerializer.SerializeToElement(new { videoId = video, authorId = author.Id, entityType = "igtv_video", entityId = video },
                ApiJson.Options), app.Clock.GetUtcNow());
        await TransactionRace.SecondWaitsForFirstAsync(app.Services.GetRequiredService<NpgsqlDataSource>(),
            (conn, tx) => consumer.HandleAsync(Published(), conn, tx, CancellationToken.None),
            (conn, tx) => consumer.HandleAsync(Published(), conn, tx, CancellationToken.None),
            "The second announcement should wait for the transaction that handles the first.");

        Assert.Equal(1L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @subscriber AND type = 'new_video' AND entity_id = @video",
            new { subscriber = subscriber.Id, video }));
    }
}
