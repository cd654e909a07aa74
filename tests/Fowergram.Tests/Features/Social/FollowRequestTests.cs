using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

[Collection(ApiCollection.Name)]
public sealed class FollowRequestTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task Incoming_and_sent_requests_are_listed_newest_first_with_keyset_pages()
    {
        var star = await _w.UserAsync(isPrivate: true);
        var fans = await _w.UsersAsync(5);
        foreach (var fan in fans) await _w.FollowAsync(fan, star);

        var first = await (await _w.GetAsync("/api/v1/users/me/follow-requests?limit=3", star)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await _w.GetAsync($"/api/v1/users/me/follow-requests?limit=3&cursor={cursor}", star)).ReadJsonAsync();

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(SocialWorld.NewestFirst(fans), ids);
        Assert.False(second.TryGetProperty("nextCursor", out _)); // the last page (nulls are omitted)
        Assert.Equal([star.Id], await _w.IdsAsync("/api/v1/users/me/follow-requests/sent", fans[0]));
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/follow-requests/sent", star));
    }

    [Fact]
    public async Task Approving_turns_the_request_into_a_counted_follow_and_notifies_both_ways()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);

        await _w.ApproveAsync(star, fan);
        await _w.DrainAsync();

        Assert.True(await SocialWorld.FollowsAsync(fan, star));
        Assert.False(await SocialWorld.RequestedAsync(fan, star));
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(1, await SocialWorld.NotificationsAsync(fan, star, "follow_accept"));
        Assert.Equal(1, await SocialWorld.NotificationsAsync(star, fan, "follow"));
        Assert.Equal(0, await SocialWorld.NotificationsAsync(star, fan, "follow_request")); // retired by the follow
        Assert.Equal([fan.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers", fan));
    }

    [Fact]
    public async Task Declining_deletes_the_request_and_follows_nobody()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);

        var response = await _w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{fan.Username}/decline", star);
        await SocialWorld.ExpectAsync(response, HttpStatusCode.NoContent);
        await _w.DrainAsync();

        Assert.False(await SocialWorld.FollowsAsync(fan, star));
        Assert.False(await SocialWorld.RequestedAsync(fan, star));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.request_declined", star));
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/follow-requests", star));
        Assert.Equal("requested", await _w.FollowAsync(fan, star)); // they may ask again
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("decline")]
    public async Task Deciding_someone_elses_request_is_a_404_and_changes_nothing(string decision)
    {
        var (fan, star, intruder) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);

        var response = await _w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{fan.Username}/{decision}", intruder);
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        var own = await _w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{star.Username}/{decision}", fan);
        await own.AssertProblemAsync(HttpStatusCode.NotFound); // the requester cannot decide their own request

        Assert.True(await SocialWorld.RequestedAsync(fan, star));
        Assert.False(await SocialWorld.FollowsAsync(fan, intruder));
        Assert.False(await SocialWorld.FollowsAsync(fan, star));
    }

    [Fact]
    public async Task Deciding_a_request_twice_is_a_404_the_second_time()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);
        await _w.ApproveAsync(star, fan);

        var again = await _w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{fan.Username}/approve", star);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.request_approved", star));
    }

    [Fact]
    public async Task Requests_from_accounts_that_are_gone_are_not_listed()
    {
        var (fan, gone, star) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowAsync(fan, star);
        await _w.FollowAsync(gone, star);
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { gone.Id });

        Assert.Equal([fan.Id], await _w.IdsAsync("/api/v1/users/me/follow-requests", star));
    }
}
