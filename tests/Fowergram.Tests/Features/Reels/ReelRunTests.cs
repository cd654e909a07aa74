using Fowergram.Features.Reels;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// reel-counters and reel-notifications over one batch with runs, an unlike inside and a duplicate: each event applies
/// once and the batch ends where handling the events one at a time would (docs/events.md, "Runs, set-based").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelRunTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Fact]
    public async Task A_batch_of_likes_plays_and_an_unlike_with_a_duplicate_applies_each_event_once()
    {
        var author = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        await _reels.SettleAsync(reelId);
        var events = new EngagementEvents(app, _reels.Posts);
        var likers = new List<TestUser>();
        for (var i = 0; i < 4; i++) likers.Add(await _reels.NewUserAsync());
        var likes = new List<EventEnvelope>();
        foreach (var liker in likers)
        {
            await _reels.Posts.ExecuteAsync("INSERT INTO reel_likes (user_id, reel_id) VALUES (@userId, @reelId)", new { userId = liker.Id, reelId });
            likes.Add(await events.InFlightAsync(ReelEvents.Liked, liker.Id, Like(reelId, author.Id, liker.Id)));
        }
        await _reels.Posts.ExecuteAsync("DELETE FROM reel_likes WHERE user_id = @userId AND reel_id = @reelId", new { userId = likers[1].Id, reelId });
        var unlike = await events.InFlightAsync(ReelEvents.Unliked, likers[1].Id, Like(reelId, author.Id, likers[1].Id));
        var firstPlay = await events.InFlightAsync(ReelEvents.Played, likers[0].Id, Play(reelId, firstView: true));
        var replay = await events.InFlightAsync(ReelEvents.Played, likers[0].Id, Play(reelId, firstView: false));
        EventEnvelope[] batch = [likes[0], likes[1], firstPlay, replay, firstPlay, unlike, likes[2], likes[3], likes[0]];

        var counted = await events.Runner.RunBatchAsync(ReelCountersConsumer.ConsumerName, batch, null, CancellationToken.None);
        var noticed = await events.Runner.RunBatchAsync(ReelNotificationsConsumer.ConsumerName,
            batch.Where(e => e.Type != ReelEvents.Played).ToList(), null, CancellationToken.None);

        Assert.Equal(2, counted.Count(o => o == ConsumeOutcome.AlreadyProcessed));
        Assert.Equal(1, noticed.Count(o => o == ConsumeOutcome.AlreadyProcessed));
        Assert.Equal((3L, 1L, 2L), (await _reels.StatAsync(reelId, "like_count"), await _reels.StatAsync(reelId, "view_count"),
            await _reels.StatAsync(reelId, "play_count")));
        Assert.Equal(3L, await events.NotificationsAsync(author.Id, "reel_like", reelId)); // the unliker's notice taken back
    }

    /// <summary>Two instances, or like, unlike and like again: each transaction looked for the notice, found none and inserted it.</summary>
    [Fact]
    public async Task Two_like_events_of_one_pair_handled_at_once_leave_one_notice()
    {
        var (author, liker) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(author);
        await _reels.Posts.ExecuteAsync("INSERT INTO reel_likes (user_id, reel_id) VALUES (@userId, @reelId)", new { userId = liker.Id, reelId });
        var events = new EngagementEvents(app, _reels.Posts);
        var consumer = new ReelNotificationsConsumer(app.Clock);
        var (one, two) = (await events.InFlightAsync(ReelEvents.Liked, liker.Id, Like(reelId, author.Id, liker.Id)),
            await events.InFlightAsync(ReelEvents.Liked, liker.Id, Like(reelId, author.Id, liker.Id)));

        await TransactionRace.SecondWaitsForFirstAsync(_reels.Posts.Db,
            (conn, tx) => consumer.HandleAsync(one, conn, tx, CancellationToken.None),
            (conn, tx) => consumer.HandleAsync(two, conn, tx, CancellationToken.None),
            "The second event should wait for the transaction that writes the first one's notice.");

        Assert.Equal(1L, await events.NotificationsAsync(author.Id, "reel_like", reelId));
    }

    private static object Like(Guid reelId, Guid authorId, Guid userId) => new { reelId, authorId, userId, entityType = "reel", entityId = reelId };

    private static object Play(Guid reelId, bool firstView) => new { reelId, firstView, entityType = "reel", entityId = reelId };
}
