using System.Text.Json;
using Fowergram.Features.Messages;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// channel-notifications handling the creations of two channels of one owner at once, as two instances of the consumer do with
/// messages a moment apart: a follower is invited at most once per owner in <see cref="ChannelNotificationsConsumer.InviteInterval"/>
/// (docs/messages.md "Broadcast channels"). Each transaction is one the test holds open (TransactionRace).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelInviteNoticeRaceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task Two_channels_of_one_owner_announced_at_once_invite_each_follower_once()
    {
        var (owner, fan) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(fan, owner);
        // Created behind the pipeline's back, so the two announcements below are the only ones.
        var channels = new[] { Guid.NewGuid(), Guid.NewGuid() };
        foreach (var (channel, name) in channels.Zip(new[] { "Morning drops", "Evening drops" }))
            await _posts.ExecuteAsync("""
                INSERT INTO broadcast_channels (id, owner_id, name, created_at, updated_at) VALUES (@channel, @owner, @name, now(), now())
                """, new { channel, owner = owner.Id, name });

        var consumer = new ChannelNotificationsConsumer();
        EventEnvelope Created(Guid channel) => new(Guid.NewGuid(), ChannelEvents.Created, owner.Id,
            JsonSerializer.SerializeToElement(ChannelEvent.Of(channel, owner.Id), ApiJson.Options), app.Clock.GetUtcNow());
        await TransactionRace.SecondWaitsForFirstAsync(app.Services.GetRequiredService<NpgsqlDataSource>(),
            (conn, tx) => consumer.HandleAsync(Created(channels[0]), conn, tx, CancellationToken.None),
            (conn, tx) => consumer.HandleAsync(Created(channels[1]), conn, tx, CancellationToken.None),
            "The second channel's invitations should wait for the transaction that writes the first's.");

        Assert.Equal(1L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @fan AND actor_id = @owner AND type = 'channel_invite'",
            new { fan = fan.Id, owner = owner.Id }));
    }
}
