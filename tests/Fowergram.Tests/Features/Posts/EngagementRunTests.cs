using Fowergram.Features.Activity;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// post-counters, post-notifications and activity-log apply runs of a batch's events set-based
/// (IEventConsumer.RunKey, docs/events.md): the result must be what the events one at a time give.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EngagementRunTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private CounterReconciliationJob Reconciliation => app.Services.GetRequiredService<CounterReconciliationJob>();

    [Fact]
    public async Task A_batch_of_likes_with_an_unlike_and_a_duplicate_among_them_counts_notifies_and_logs_as_one_by_one()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var likers = new List<Media.TestUser>();
        for (var i = 0; i < 5; i++) likers.Add(await _posts.NewUserAsync());
        var events = new EngagementEvents(app, _posts);
        var likes = new List<EventEnvelope>();
        foreach (var liker in likers) likes.Add(await events.LikeRowAsync(postId, author.Id, liker.Id));
        var unlike = await events.UnlikeRowAsync(postId, author.Id, likers[2].Id);
        EventEnvelope[] batch = [likes[0], likes[1], likes[2], unlike, likes[3], likes[4], likes[0]];

        foreach (var consumer in new[] { PostCountersConsumer.ConsumerName, PostNotificationsConsumer.ConsumerName, ActivityLogConsumer.ConsumerName })
        {
            var outcomes = await events.Runner.RunBatchAsync(consumer, batch, null, CancellationToken.None);
            Assert.Equal([.. Enumerable.Repeat(ConsumeOutcome.Applied, 6), ConsumeOutcome.AlreadyProcessed], outcomes);
        }

        Assert.Equal(4L, await _posts.LikeCountAsync(postId));
        Assert.Equal(0, await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [postId], CancellationToken.None));
        Assert.Equal(4L, await events.NotificationsAsync(author.Id, "like", postId)); // the unliker's notice taken back
        Assert.Equal(6L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM user_activities WHERE user_id = ANY(@ids) AND activity_type IN ('post.liked', 'post.unliked')",
            new { ids = likers.Select(l => l.Id).ToArray() }));
    }

    [Fact]
    public async Task Two_like_events_of_one_like_in_one_run_notify_once()
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var events = new EngagementEvents(app, _posts);
        var first = await events.LikeRowAsync(postId, author.Id, liker.Id);
        // A second event for the same like (liked, unliked and liked again, the unlike handled elsewhere).
        var second = await events.InFlightAsync(PostEvents.Liked, liker.Id, events.Like(postId, author.Id, liker.Id));

        var outcomes = await events.Runner.RunBatchAsync(PostNotificationsConsumer.ConsumerName, [first, second], null, CancellationToken.None);

        Assert.Equal([ConsumeOutcome.Applied, ConsumeOutcome.Applied], outcomes);
        Assert.Equal(1L, await events.NotificationsAsync(author.Id, "like", postId));
    }
}
