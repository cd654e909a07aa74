using System.Text.Json;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// The consumers on hand-made envelopes, through the real <see cref="ConsumerRunner"/>: the state they
/// read is written straight into the tables, so no HTTP request raises a competing event.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SocialConsumerTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);
    private ConsumerRunner Runner => app.Services.GetRequiredService<ConsumerRunner>();

    private EventEnvelope Envelope(string type, Guid actor, object payload) =>
        new(Guid.CreateVersion7(), type, actor, JsonSerializer.SerializeToElement(payload, ApiJson.Options), app.Clock.GetUtcNow());

    private static Task InsertFollowAsync(SocialUser follower, SocialUser following) =>
        SocialWorld.ExecuteAsync("INSERT INTO follows (follower_id, following_id) VALUES (@a, @b)", new { a = follower.Id, b = following.Id });

    [Fact]
    public async Task A_duplicate_delivery_changes_no_count_and_writes_no_second_notification()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await InsertFollowAsync(fan, star);
        var created = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id));

        Assert.Equal(ConsumeOutcome.Applied, await Runner.RunAsync(SocialCountersConsumer.ConsumerName, created, default));
        Assert.Equal(ConsumeOutcome.Applied, await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName, created, default));
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, await Runner.RunAsync(SocialCountersConsumer.ConsumerName, created, default));
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName, created, default));

        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal((0L, 1L), await SocialWorld.CountsAsync(fan));
        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow"));

        // Even a second event about the same follow (another id) adds nothing: the row is already counted.
        var again = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id));
        await Runner.RunAsync(SocialCountersConsumer.ConsumerName, again, default);
        await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName, again, default);
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow"));
    }

    [Fact]
    public async Task Follow_deleted_arriving_before_its_follow_created_never_goes_negative_and_ends_at_zero()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        // The follow was made and removed before any event was consumed: it was never counted.
        var created = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id));
        var deleted = Envelope(SocialEvents.FollowDeleted, fan.Id, new FollowDeletedPayload(fan.Id, star.Id, false, "unfollow"));

        Assert.Equal(ConsumeOutcome.Applied, await Runner.RunAsync(SocialCountersConsumer.ConsumerName, deleted, default));
        Assert.Equal(ConsumeOutcome.Applied, await Runner.RunAsync(SocialCountersConsumer.ConsumerName, created, default));

        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(fan));
    }

    [Fact]
    public async Task A_stale_follow_created_counts_a_newer_follow_of_the_pair_once()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        var first = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id));
        var firstRemoved = Envelope(SocialEvents.FollowDeleted, fan.Id, new FollowDeletedPayload(fan.Id, star.Id, false, "unfollow"));
        await InsertFollowAsync(fan, star); // the pair followed again
        var second = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id));

        foreach (var e in new[] { first, second, firstRemoved }) await Runner.RunAsync(SocialCountersConsumer.ConsumerName, e, default);

        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(await SocialWorld.TrueCountsAsync(star), await SocialWorld.CountsAsync(star));
    }

    [Fact]
    public async Task No_notification_is_written_between_blocked_users_or_about_what_no_longer_holds()
    {
        var (fan, star, gone) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await InsertFollowAsync(fan, star);
        await SocialWorld.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @b)", new { a = star.Id, b = fan.Id });
        await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName,
            Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id)), default);
        // A request that was withdrawn before its event was consumed.
        await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName,
            Envelope(SocialEvents.FollowRequested, gone.Id, new FollowRequestPayload(gone.Id, star.Id, star.Id)), default);

        Assert.Equal(0, await SocialWorld.NotificationsAsync(star, fan, "follow"));
        Assert.Equal(0, await SocialWorld.NotificationsAsync(star, gone, "follow_request"));
    }

    [Fact]
    public async Task Privacy_approval_redelivered_approves_nothing_twice()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await SocialWorld.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = fan.Id, b = star.Id });
        var change = Envelope(SocialEvents.AccountPrivacyChanged, star.Id, new { userId = star.Id, isPrivate = false });

        Assert.Equal(ConsumeOutcome.Applied, await Runner.RunAsync(PrivacyApprovalConsumer.ConsumerName, change, default));
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, await Runner.RunAsync(PrivacyApprovalConsumer.ConsumerName, change, default));
        var replayed = Envelope(SocialEvents.AccountPrivacyChanged, star.Id, new { userId = star.Id, isPrivate = false });
        await Runner.RunAsync(PrivacyApprovalConsumer.ConsumerName, replayed, default);

        Assert.True(await SocialWorld.FollowsAsync(fan, star));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.request_approved", star));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.created", fan));
    }

    /// <summary>social-counters counts a run of one account's new follows set-based (IEventConsumer.RunKey); the counts must be those of one by one.</summary>
    [Fact]
    public async Task A_run_of_follows_of_one_account_counts_each_row_once_as_one_by_one()
    {
        var star = await _w.UserAsync();
        var fans = await _w.UsersAsync(4);
        foreach (var fan in fans) await InsertFollowAsync(fan, star);
        var created = fans.Select(f => Envelope(SocialEvents.FollowCreated, f.Id, new FollowPayload(f.Id, star.Id))).ToList();
        // fans[0]'s follow was already counted by an earlier event; fans[1]'s second event is about the same row.
        await Runner.RunAsync(SocialCountersConsumer.ConsumerName, created[0], default);
        var again = Envelope(SocialEvents.FollowCreated, fans[1].Id, new FollowPayload(fans[1].Id, star.Id));

        var outcomes = await Runner.RunBatchAsync(SocialCountersConsumer.ConsumerName,
            [created[0], created[1], again, created[2], created[3], created[1]], null, default);

        Assert.Equal([ConsumeOutcome.AlreadyProcessed, ConsumeOutcome.Applied, ConsumeOutcome.Applied, ConsumeOutcome.Applied,
            ConsumeOutcome.Applied, ConsumeOutcome.AlreadyProcessed], outcomes);
        Assert.Equal((4L, 0L), await SocialWorld.CountsAsync(star));
        foreach (var fan in fans) Assert.Equal((0L, 1L), await SocialWorld.CountsAsync(fan));
        Assert.Equal(await SocialWorld.TrueCountsAsync(star), await SocialWorld.CountsAsync(star));
    }
}
