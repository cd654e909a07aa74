using Fowergram.Features.Live;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Live;

/// <summary>live-notifications: live_started to followers who may see the broadcaster, once, whatever the redelivery.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveNotificationTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    [Fact]
    public async Task Followers_who_may_see_get_one_live_started_notice()
    {
        var owner = await _live.NewUserAsync();
        var follower = await _live.NewUserAsync();
        var blocked = await _live.NewUserAsync();
        var stranger = await _live.NewUserAsync();
        await _live.Posts.FollowAsync(follower, owner);
        await _live.Posts.FollowAsync(blocked, owner);
        await _live.Posts.BlockAsync(owner, blocked);

        var id = await _live.LiveStreamIdAsync(owner);
        await _live.SettleAsync(id);
        var started = (await _live.Posts.QueryAsync<Guid>("SELECT id FROM outbox WHERE type = 'live_stream.started' AND payload->>'streamId' = @id",
            new { id = id.ToString() })).Single();
        var consumer = app.Services.GetServices<IEventConsumer>().Single(c => c.Name == LiveNotificationsConsumer.ConsumerName);
        // A redelivery (as a duplicate Service Bus message would be): the runner's processed marker stops it.
        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        var payload = System.Text.Json.JsonSerializer.SerializeToElement(new { streamId = id, broadcasterId = owner.Id, entityType = "live_stream", entityId = id });
        var again = await runner.RunAsync(consumer.Name, new EventEnvelope(started, LiveEvents.Started, owner.Id, payload, app.Clock.GetUtcNow()), CancellationToken.None);
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, again);

        Assert.Equal(1L, await NoticesAsync(follower, id));
        Assert.Equal(0L, await NoticesAsync(blocked, id));
        Assert.Equal(0L, await NoticesAsync(stranger, id));
        Assert.Equal(0L, await NoticesAsync(owner, id));
    }

    [Fact]
    public async Task A_follower_the_broadcaster_hides_stories_and_live_from_is_not_told_and_cannot_watch()
    {
        var owner = await _live.NewUserAsync();
        var (hidden, follower) = (await _live.NewUserAsync(), await _live.NewUserAsync());
        await _live.Posts.FollowAsync(hidden, owner);
        await _live.Posts.FollowAsync(follower, owner);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/stories/hidden-from/{hidden.Username}", owner)).EnsureNoContentAsync();

        var id = await _live.LiveStreamIdAsync(owner);
        await _live.SettleAsync(id);

        Assert.Equal(1L, await NoticesAsync(follower, id));
        Assert.Equal(0L, await NoticesAsync(hidden, id));
        await (await _live.GetAsync($"/api/v1/live/{id}", hidden)).AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
        await (await _live.PostAsync($"/api/v1/live/{id}/join", hidden)).AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/following", hidden)).ReadJsonAsync()));
        Assert.Contains(id, LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/following", follower)).ReadJsonAsync()));
    }

    private Task<long> NoticesAsync(TestUser user, Guid id) => _live.Posts.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE user_id = @user AND type = 'live_started' AND entity_type = 'live_stream' AND entity_id = @id",
        new { user = user.Id, id });
}
