using System.Net;
using System.Text.Json;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Social;

/// <summary>PATCH /users/me isPrivate=false raises account.privacy_changed; social-privacy approves every pending request.</summary>
[Collection(ApiCollection.Name)]
public sealed class PrivacySwitchTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    private Task<HttpResponseMessage> SetPrivateAsync(SocialUser user, bool isPrivate) =>
        _w.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me", $$"""{"isPrivate": {{(isPrivate ? "true" : "false")}}}""", token: user.Token);

    [Fact]
    public async Task Going_public_approves_every_pending_request_exactly_once()
    {
        var star = await _w.UserAsync(isPrivate: true);
        var fans = await _w.UsersAsync(3);
        var declined = await _w.UserAsync();
        foreach (var fan in fans.Append(declined)) await _w.FollowAsync(fan, star);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Post,
            $"/api/v1/users/me/follow-requests/{declined.Username}/decline", star), HttpStatusCode.NoContent);

        await (await SetPrivateAsync(star, false)).ReadJsonAsync();
        await _w.DrainAsync();

        foreach (var fan in fans)
        {
            Assert.True(await SocialWorld.FollowsAsync(fan, star));
            Assert.False(await SocialWorld.RequestedAsync(fan, star));
            Assert.Equal(1, await SocialWorld.NotificationsAsync(fan, star, "follow_accept"));
        }
        Assert.False(await SocialWorld.FollowsAsync(declined, star));
        Assert.Equal((3L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(3, await SocialWorld.EventsAsync("follow.request_approved", star));
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/follow-requests", star));
    }

    /// <summary>
    /// Approvals go in batches (a pair lock per request, held to the commit: tens of thousands in one transaction overflowed the
    /// server's lock table and failed at every retry). A full batch raises account.public_approvals_pending, whose delivery
    /// goes on with what still pends; a batch size of 2 here, for five requests: 2, then the host's consumer the other 3.
    /// </summary>
    [Fact]
    public async Task A_switch_with_more_requests_than_a_batch_approves_them_over_several_transactions()
    {
        var star = await _w.UserAsync(isPrivate: true);
        var fans = await _w.UsersAsync(5);
        foreach (var fan in fans) await _w.FollowAsync(fan, star);
        // The requests' own events first: the host's social-notifications takes the same pair locks in event order, and the
        // batch below, run by hand outside ConsumerRunner, has no deadlock retry (one CI run lost it to a deadlock).
        await _w.DrainAsync();
        await SocialWorld.ExecuteAsync("UPDATE users SET is_private = false WHERE id = @id", new { id = star.Id });
        var envelope = new EventEnvelope(Guid.NewGuid(), SocialEvents.AccountPrivacyChanged, star.Id,
            JsonSerializer.SerializeToElement(new PrivacyChangedEvent(star.Id, false), ApiJson.Options), app.Clock.GetUtcNow());

        await using (var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await new PrivacyApprovalConsumer(app.Clock, batchSize: 2).HandleAsync(envelope, conn, tx, CancellationToken.None);
            // Read in the batch's own transaction: once it commits, the host's dispatcher may take the continuation at once.
            Assert.Equal(2L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn,
                "SELECT count(*) FROM follows WHERE following_id = @id", new { id = star.Id }, tx));
            Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn,
                "SELECT count(*) FROM outbox WHERE type = @type AND actor_id = @id", new { type = SocialEvents.PublicApprovalsPending, id = star.Id }, tx));
            await tx.CommitAsync();
        }

        await _w.DrainAsync();
        foreach (var fan in fans)
        {
            Assert.True(await SocialWorld.FollowsAsync(fan, star));
            Assert.Equal(1, await SocialWorld.NotificationsAsync(fan, star, "follow_accept"));
        }
        Assert.Equal(5, await SocialWorld.EventsAsync("follow.request_approved", star));
        Assert.Equal((5L, 0L), await SocialWorld.CountsAsync(star));
    }

    [Fact]
    public async Task Privacy_changed_is_raised_only_when_the_setting_changes()
    {
        var user = await _w.UserAsync(isPrivate: true);

        await (await SetPrivateAsync(user, true)).ReadJsonAsync();
        Assert.Equal(0, await SocialWorld.EventsAsync("account.privacy_changed", user));
        await (await SetPrivateAsync(user, false)).ReadJsonAsync();
        await (await SetPrivateAsync(user, false)).ReadJsonAsync();
        Assert.Equal(1, await SocialWorld.EventsAsync("account.privacy_changed", user));
        await (await SetPrivateAsync(user, true)).ReadJsonAsync();
        Assert.Equal(2, await SocialWorld.EventsAsync("account.privacy_changed", user));
    }

    [Fact]
    public async Task Going_private_keeps_followers_and_makes_new_follows_requests()
    {
        var (follower, later, star) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(follower, star);

        await (await SetPrivateAsync(star, true)).ReadJsonAsync();
        await _w.DrainAsync();

        Assert.True(await SocialWorld.FollowsAsync(follower, star));
        Assert.Equal("requested", await _w.FollowAsync(later, star));
        Assert.Equal([follower.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers", follower));
    }

    [Fact]
    public async Task A_switch_back_to_private_before_delivery_leaves_requests_pending()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);
        // The event says "public", but by the time it is consumed the account is private again.
        await SocialWorld.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @Id", new { star.Id });
        await SocialWorld.ExecuteAsync("""
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at)
            VALUES (@id, 'account.privacy_changed', @user, jsonb_build_object('userId', @user, 'isPrivate', false), now())
            """, new { id = Guid.CreateVersion7(), user = star.Id });

        await _w.DrainAsync();

        Assert.True(await SocialWorld.RequestedAsync(fan, star));
        Assert.False(await SocialWorld.FollowsAsync(fan, star));
    }

    /// <summary>
    /// The switch was the owner's while the account was live; a suspension or deletion (within its grace) that commits before
    /// the event is consumed does not undo it. The requests are approved as they would have been a moment earlier — such an
    /// account keeps the follows it had, and its followers keep counting — so an account that comes back is public with its
    /// requesters following, never public with requests nobody will approve. Until session 58 the consumer skipped a suspended
    /// or deleted account and its requests stayed pending for good. An account whose purge has begun is left alone: its
    /// requests go with its row, and a follow inserted behind the purge's follows step would escape follow.deleted.
    /// </summary>
    [Theory]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id", true)]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id", true)]
    [InlineData("UPDATE users SET deleted_at = now() - interval '31 days', purge_started_at = now() WHERE id = @id", null, false)]
    public async Task A_switch_consumed_after_the_account_went_away_approves_its_requests_unless_the_purge_began(
        string goAway, string? comeBack, bool approved)
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);
        await _w.DrainAsync();
        // Public, then gone before social-privacy takes the event (inserted by hand so that no delivery comes in between).
        await SocialWorld.ExecuteAsync("UPDATE users SET is_private = false WHERE id = @id", new { id = star.Id });
        await SocialWorld.ExecuteAsync(goAway, new { id = star.Id });
        await SocialWorld.ExecuteAsync("""
            INSERT INTO outbox (id, type, actor_id, payload, occurred_at)
            VALUES (@id, 'account.privacy_changed', @user, jsonb_build_object('userId', @user, 'isPrivate', false), now())
            """, new { id = Guid.CreateVersion7(), user = star.Id });

        await _w.DrainAsync();

        Assert.Equal(approved, await SocialWorld.FollowsAsync(fan, star));
        Assert.Equal(!approved, await SocialWorld.RequestedAsync(fan, star));
        if (comeBack is null) return;
        await SocialWorld.ExecuteAsync(comeBack, new { id = star.Id });
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/follow-requests", star));
        Assert.Equal([fan.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers", fan));
    }
}
