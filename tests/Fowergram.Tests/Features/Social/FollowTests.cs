using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

[Collection(ApiCollection.Name)]
public sealed class FollowTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task Following_a_public_account_is_immediate_and_counted_once_drained()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());

        Assert.Equal("following", await _w.FollowAsync(fan, star));
        await _w.DrainAsync();

        Assert.True(await SocialWorld.FollowsAsync(fan, star));
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal((0L, 1L), await SocialWorld.CountsAsync(fan));
        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow"));
        Assert.Equal(1, await SocialWorld.ScalarAsync<long>("""
            SELECT count(*) FROM user_activities
            WHERE user_id = @fan AND activity_type = 'follow.created' AND entity_type = 'user' AND entity_id = @star
            """, new { fan = fan.Id, star = star.Id }));
    }

    [Fact]
    public async Task Following_a_private_account_creates_a_request_and_grants_nothing_yet()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));

        Assert.Equal("requested", await _w.FollowAsync(fan, star));
        await _w.DrainAsync();

        Assert.False(await SocialWorld.FollowsAsync(fan, star));
        Assert.True(await SocialWorld.RequestedAsync(fan, star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow_request"));
        await (await _w.GetAsync($"/api/v1/users/{star.Username}/followers", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Following_twice_is_idempotent_with_one_row_and_one_event()
    {
        var (fan, star, hidden) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(isPrivate: true));

        Assert.Equal("following", await _w.FollowAsync(fan, star));
        Assert.Equal("following", await _w.FollowAsync(fan, star));
        Assert.Equal("requested", await _w.FollowAsync(fan, hidden));
        Assert.Equal("requested", await _w.FollowAsync(fan, hidden));
        await _w.DrainAsync();

        Assert.Equal(1, await SocialWorld.EventsAsync("follow.created", fan));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.requested", fan));
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(1, await SocialWorld.NotificationsAsync(hidden, fan, "follow_request"));
    }

    [Fact]
    public async Task Unfollowing_removes_the_follow_and_the_count_and_is_idempotent()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(fan, star);
        await _w.DrainAsync();

        await _w.UnfollowAsync(fan, star);
        await _w.UnfollowAsync(fan, star);
        await _w.DrainAsync();

        Assert.False(await SocialWorld.FollowsAsync(fan, star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(fan));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.deleted", fan));
    }

    [Fact]
    public async Task Unfollowing_withdraws_a_pending_request_and_its_notice()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);
        await _w.DrainAsync();

        await _w.UnfollowAsync(fan, star);

        Assert.False(await SocialWorld.RequestedAsync(fan, star));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.request_cancelled", fan));
        var inbox = await (await _w.GetAsync("/api/v1/notifications", star)).ReadJsonAsync();
        Assert.Empty(inbox.GetProperty("items").EnumerateArray());
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/follow-requests", star));
    }

    [Fact]
    public async Task Following_a_public_account_supersedes_a_request_left_from_when_it_was_private()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        await SocialWorld.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = fan.Id, b = star.Id });

        Assert.Equal("following", await _w.FollowAsync(fan, star));

        Assert.True(await SocialWorld.FollowsAsync(fan, star));
        Assert.False(await SocialWorld.RequestedAsync(fan, star));
    }

    [Fact]
    public async Task Usernames_are_matched_without_regard_to_case()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());
        var response = await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{star.Username.ToUpperInvariant()}/follow", fan);
        Assert.Equal("following", (await response.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Repeated_follow_and_unfollow_ends_with_counts_at_zero()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());

        await _w.FollowAsync(fan, star);
        await _w.UnfollowAsync(fan, star);
        await _w.FollowAsync(fan, star);
        await _w.UnfollowAsync(fan, star);
        await _w.DrainAsync();

        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(fan));
        Assert.True(await SocialWorld.NotificationsAsync(star, fan, "follow") <= 1); // one notice per actor at most
    }
}
