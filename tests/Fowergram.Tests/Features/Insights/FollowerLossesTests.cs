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
}
