using System.Text.Json;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// social-notifications replaces an older notice of the pair with the one its event asks for. Events arrive in any order (a
/// retry after a back-off comes after events raised later), so an older event delivered late must not replace a newer
/// notice: it made the recipient's read "started following you" new and unread again (a second push), and an old follow's
/// event took away the notice of the follow request pending now.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SocialNoticeOrderTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);
    private ConsumerRunner Runner => app.Services.GetRequiredService<ConsumerRunner>();

    private EventEnvelope Envelope(string type, Guid actor, object payload, TimeSpan age) =>
        new(Guid.CreateVersion7(), type, actor, JsonSerializer.SerializeToElement(payload, ApiJson.Options), app.Clock.GetUtcNow() - age);

    private static Task<Guid> NoticeIdAsync(SocialUser recipient, SocialUser actor, string type) => SocialWorld.ScalarAsync<Guid>(
        "SELECT id FROM notifications WHERE user_id = @r AND actor_id = @a AND type = @type", new { r = recipient.Id, a = actor.Id, type });

    [Fact]
    public async Task A_late_event_of_an_earlier_follow_leaves_the_newer_notice_as_it_is()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await SocialWorld.ExecuteAsync("INSERT INTO follows (follower_id, following_id) VALUES (@a, @b)", new { a = fan.Id, b = star.Id });
        // Followed, unfollowed and followed again: the second follow's event is applied first, and its notice read.
        var earlier = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id), TimeSpan.FromMinutes(5));
        var later = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id), TimeSpan.Zero);
        await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName, later, default);
        var notice = await NoticeIdAsync(star, fan, "follow");
        await SocialWorld.ExecuteAsync("UPDATE notifications SET is_read = true WHERE id = @notice", new { notice });

        Assert.Equal(ConsumeOutcome.Applied, await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName, earlier, default));

        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow"));
        Assert.Equal(notice, await NoticeIdAsync(star, fan, "follow"));
        Assert.True(await SocialWorld.ScalarAsync<bool>("SELECT is_read FROM notifications WHERE id = @notice", new { notice }));
    }

    [Fact]
    public async Task A_late_event_of_an_ended_follow_leaves_the_notice_of_the_request_pending_now()
    {
        var fan = await _w.UserAsync();
        var star = await _w.UserAsync(isPrivate: true);
        // Followed while public, unfollowed, then asked to follow the account gone private: the request's event came first.
        var oldFollow = Envelope(SocialEvents.FollowCreated, fan.Id, new FollowPayload(fan.Id, star.Id), TimeSpan.FromMinutes(5));
        await SocialWorld.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = fan.Id, b = star.Id });
        var request = Envelope(SocialEvents.FollowRequested, fan.Id, new FollowRequestPayload(fan.Id, star.Id, star.Id), TimeSpan.Zero);
        await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName, request, default);
        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow_request"));

        await Runner.RunAsync(SocialNotificationsConsumer.ConsumerName, oldFollow, default);

        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow_request"));
        Assert.Equal(0, await SocialWorld.NotificationsAsync(star, fan, "follow"));
    }
}
