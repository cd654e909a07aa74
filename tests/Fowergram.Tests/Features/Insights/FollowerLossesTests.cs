using System.Text.Json;
using Fowergram.Features.Insights;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// Lost followers (docs/insights.md "Lost followers"): accounts that stopped following in the window — unfollowing, removed
/// or blocked — and have not come back, counted from what the follower-losses consumer recorded.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FollowerLossesTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<JsonElement> FollowersAsync(TestUser owner, string query = "")
    {
        await new EntityEvents(app, "followingId").SettleAsync(owner.Id);
        return (await (await _posts.GetAsync($"/api/v1/users/me/insights{query}", owner)).ReadJsonAsync()).GetProperty("followers");
    }

    // Over HTTP, so that the follows carry the app's clock and raise their events.
    private async Task FollowAsync(TestUser follower, TestUser owner) =>
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{owner.Username}/follow", follower)).EnsureSuccessStatusCode();

    private static (long Total, long New, long Lost) Figures(JsonElement followers) =>
        (followers.GetProperty("total").GetInt64(), followers.GetProperty("new").GetInt64(), followers.GetProperty("lost").GetInt64());

    [Fact]
    public async Task Unfollowing_removal_and_blocking_are_losses_and_a_follower_who_came_back_is_not()
    {
        var owner = await _posts.NewUserAsync();
        var (leaver, removed, blocked, returner, stayer) =
            (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        foreach (var follower in new[] { leaver, removed, blocked, returner, stayer }) await FollowAsync(follower, owner);

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{owner.Username}/follow", leaver)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/followers/{removed.Username}", owner)).EnsureNoContentAsync();
        (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{blocked.Username}/block", owner)).EnsureSuccessStatusCode();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{owner.Username}/follow", returner)).EnsureNoContentAsync();
        await FollowAsync(returner, owner);

        Assert.Equal((2L, 2L, 3L), Figures(await FollowersAsync(owner)));
        // Unfollowing twice is one loss: the pair's row keeps its last end.
        await FollowAsync(leaver, owner);
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{owner.Username}/follow", leaver)).EnsureNoContentAsync();
        Assert.Equal(3L, Figures(await FollowersAsync(owner)).Lost);
        // The one who unfollowed lost nobody.
        Assert.Equal(0L, Figures(await FollowersAsync(leaver)).Lost);
    }

    [Fact]
    public async Task Losses_before_the_window_are_not_counted()
    {
        var (owner, old) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.ExecuteAsync("INSERT INTO follower_losses (user_id, follower_id, lost_at) VALUES (@owner, @old, @at)",
            new { owner = owner.Id, old = old.Id, at = app.Clock.GetUtcNow().AddDays(-10) });

        Assert.Equal(0L, Figures(await FollowersAsync(owner, "?days=7")).Lost);
        Assert.Equal(1L, Figures(await FollowersAsync(owner, "?days=30")).Lost);
    }

    [Fact]
    public async Task A_late_delivery_keeps_the_later_end_and_a_purge_records_nothing()
    {
        var (owner, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var consumer = new FollowerLossesConsumer();
        var now = app.Clock.GetUtcNow();
        async Task DeliverAsync(string reason, DateTimeOffset at)
        {
            var payload = JsonSerializer.SerializeToElement(new FollowDeletedPayload(follower.Id, owner.Id, true, reason), ApiJson.Options);
            await using var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await consumer.HandleAsync(new EventEnvelope(Guid.CreateVersion7(), SocialEvents.FollowDeleted, follower.Id, payload, at), conn, tx, default);
            await tx.CommitAsync();
        }

        await DeliverAsync(FollowDeletedPayload.AccountDeleted, now);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM follower_losses WHERE user_id = @id", new { id = owner.Id }));
        await DeliverAsync("unfollow", now);
        await DeliverAsync("unfollow", now.AddHours(-1));
        Assert.Equal(now, await _posts.ScalarAsync<DateTimeOffset>(
            "SELECT lost_at FROM follower_losses WHERE user_id = @id", new { id = owner.Id }), TimeSpan.FromMicroseconds(1));
    }

    /// <summary>
    /// A loss delivered while one of the two accounts is being purged (its row's deletion not yet committed): the consumer's
    /// check that both accounts exist read them unlocked, saw both, and the insert's foreign key check then waited for the
    /// purge and failed (23503), failing the delivery. Until session 58. The accounts are now key-share locked by the check:
    /// it waits for the purge and records nothing.
    /// </summary>
    [Fact]
    public async Task A_loss_delivered_while_an_account_is_purged_waits_and_records_nothing()
    {
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var (owner, follower) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await _posts.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password)
            VALUES (@owner, @ownerMail, @ownerName, 'x'), (@follower, @followerMail, @followerName, 'x')
            """, new { owner, follower, ownerMail = $"o{owner:N}@example.com", followerMail = $"f{follower:N}@example.com",
                ownerName = $"o{owner:N}"[..20], followerName = $"f{follower:N}"[..20] });

        await using var purging = await db.OpenConnectionAsync();
        await using var purge = await purging.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(purging, "DELETE FROM users WHERE id = @follower", new { follower }, purge);
        var delivery = Task.Run(async () =>
        {
            var payload = JsonSerializer.SerializeToElement(new FollowDeletedPayload(follower, owner, true, "unfollow"), ApiJson.Options);
            await using var conn = await db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await new FollowerLossesConsumer().HandleAsync(
                new EventEnvelope(Guid.CreateVersion7(), SocialEvents.FollowDeleted, follower, payload, app.Clock.GetUtcNow()), conn, tx, default);
            await tx.CommitAsync();
        });
        await TransactionRace.WaitUntilBlockedByAsync(db, purging.ProcessID, delivery);
        await purge.CommitAsync();

        await delivery;
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM follower_losses WHERE user_id = @owner", new { owner }));
    }
}
