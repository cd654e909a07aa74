using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Approving a follow request while social-notifications is writing the request's notice. Its own host with the
/// pipeline stopped, so the consumer runs exactly when the test says, in a transaction the test holds open (as
/// PostTagNoticeRaceTests does for likes and tags). Found as a flaky FollowRequestTests run: the approval's
/// follow.created retired the request notice before the request's own event had committed it.
/// </summary>
public sealed class SocialNoticeRaceTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_approval_during_the_request_notices_transaction_waits_and_its_follow_then_retires_the_notice()
    {
        var w = new SocialWorld(_app);
        var (fan, star) = (await w.UserAsync(), await w.UserAsync(isPrivate: true));
        Assert.Equal("requested", await w.FollowAsync(fan, star));
        var consumer = new SocialNotificationsConsumer(_app.Clock);
        EventEnvelope Event(string type, object payload) =>
            new(Guid.NewGuid(), type, fan.Id, JsonSerializer.SerializeToElement(payload, ApiJson.Options), _app.Clock.GetUtcNow());
        var db = _app.Services.GetRequiredService<NpgsqlDataSource>();

        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await consumer.HandleAsync(Event(SocialEvents.FollowRequested, new FollowRequestPayload(fan.Id, star.Id, star.Id)), conn, tx,
                CancellationToken.None); // the request notice, uncommitted
            var approve = w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{fan.Username}/approve", star);
            await Task.Delay(500);
            Assert.False(approve.IsCompleted, "The approval should wait for the transaction that holds the request.");
            await tx.CommitAsync();
            Assert.True((await approve).IsSuccessStatusCode);
        }
        await using (var conn = await db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await consumer.HandleAsync(Event(SocialEvents.FollowCreated, new FollowPayload(fan.Id, star.Id)), conn, tx, CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.Equal(0L, await SocialWorld.NotificationsAsync(star, fan, "follow_request"));
        Assert.Equal(1L, await SocialWorld.NotificationsAsync(star, fan, "follow"));
    }

    /// <summary>
    /// Found as a flaky run of the test above: another host's pipeline on the same database handled the approval's own
    /// follow.created while the test handled one, and each replaced nothing the other had committed.
    /// </summary>
    [Fact]
    public async Task Two_follow_events_of_one_pair_handled_at_once_leave_one_notice()
    {
        var w = new SocialWorld(_app);
        var (fan, star) = (await w.UserAsync(), await w.UserAsync());
        Assert.Equal("following", await w.FollowAsync(fan, star));
        var consumer = new SocialNotificationsConsumer(_app.Clock);
        EventEnvelope Followed() => new(Guid.NewGuid(), SocialEvents.FollowCreated, fan.Id,
            JsonSerializer.SerializeToElement(new FollowPayload(fan.Id, star.Id), ApiJson.Options), _app.Clock.GetUtcNow());
        var db = _app.Services.GetRequiredService<NpgsqlDataSource>();

        await TransactionRace.SecondWaitsForFirstAsync(db,
            (conn, tx) => consumer.HandleAsync(Followed(), conn, tx, CancellationToken.None),
            (conn, tx) => consumer.HandleAsync(Followed(), conn, tx, CancellationToken.None),
            "The second event should wait for the transaction that handles the first.");

        Assert.Equal(1L, await SocialWorld.NotificationsAsync(star, fan, "follow"));
    }
}
