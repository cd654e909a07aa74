using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>DELETE /users/me/followers/{username}: the followed account ends a follow (Instagram's "Remove follower").</summary>
[Collection(ApiCollection.Name)]
public sealed class RemoveFollowerTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    private Task<HttpResponseMessage> RemoveAsync(SocialUser owner, string username) =>
        _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/followers/{username}", owner);

    [Fact]
    public async Task A_private_account_removes_a_follower_who_then_sees_nothing_and_must_ask_again()
    {
        var (owner, fan, other) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowApprovedAsync(fan, owner);
        await _w.FollowApprovedAsync(other, owner);
        await _w.DrainAsync();
        Assert.Equal((2L, 0L), await SocialWorld.CountsAsync(owner));
        Assert.Contains(fan.Id, await _w.IdsAsync($"/api/v1/users/{owner.Username}/followers", owner));

        await SocialWorld.ExpectAsync(await RemoveAsync(owner, fan.Username), HttpStatusCode.NoContent);

        Assert.False(await SocialWorld.FollowsAsync(fan, owner));
        await (await _w.GetAsync($"/api/v1/users/{owner.Username}/followers", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.GetAsync($"/api/v1/users/{owner.Username}/posts", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([other.Id], await _w.IdsAsync($"/api/v1/users/{owner.Username}/followers", owner));
        await _w.DrainAsync();
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(owner));
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(fan));
        Assert.Equal("requested", await _w.FollowAsync(fan, owner));
    }

    [Theory]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    public async Task A_follower_gone_since_is_removed_and_does_not_see_the_private_account_once_back(string gone, string back)
    {
        // Hidden from the followers list, the follow stood and counted; its removal was a 404 until 2026-12-07, so the
        // follower saw the private account again the day they came back.
        var (owner, fan) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync());
        await _w.FollowApprovedAsync(fan, owner);
        await _w.DrainAsync();
        await SocialWorld.ExecuteAsync(gone, new { id = fan.Id });

        await SocialWorld.ExpectAsync(await RemoveAsync(owner, fan.Username), HttpStatusCode.NoContent);
        Assert.False(await SocialWorld.FollowsAsync(fan, owner));
        await _w.DrainAsync();
        Assert.Equal((0L, 0L), await SocialWorld.CountsAsync(owner));
        // Nothing left to remove, and an account the owner cannot see: the 404 of an unknown name.
        await (await RemoveAsync(owner, fan.Username)).AssertProblemAsync(HttpStatusCode.NotFound);

        await SocialWorld.ExecuteAsync(back, new { id = fan.Id });
        await (await _w.GetAsync($"/api/v1/users/{owner.Username}/posts", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_gone_owners_token_removes_no_follower()
    {
        var (owner, fan) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(fan, owner);
        await SocialWorld.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = owner.Id });

        await (await RemoveAsync(owner, fan.Username)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True(await SocialWorld.FollowsAsync(fan, owner));
    }

    [Fact]
    public async Task The_removal_is_the_owners_act_logged_as_theirs_and_the_follower_is_not_told()
    {
        var (owner, fan) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(fan, owner);
        await _w.DrainAsync();
        var fanInbox = await (await _w.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync();

        await SocialWorld.ExpectAsync(await RemoveAsync(owner, fan.Username), HttpStatusCode.NoContent);
        await _w.DrainAsync();

        Assert.Equal(1, await SocialWorld.EventsAsync("follow.deleted", owner));
        Assert.Equal(0, await SocialWorld.EventsAsync("follow.deleted", fan));
        Assert.Equal(1, await SocialWorld.ScalarAsync<long>("""
            SELECT count(*) FROM user_activities
            WHERE user_id = @owner AND activity_type = 'follow.deleted' AND entity_type = 'user' AND entity_id = @fan
              AND metadata->>'reason' = 'removed'
            """, new { owner = owner.Id, fan = fan.Id }));
        var after = await (await _w.GetAsync("/api/v1/notifications", fan)).ReadJsonAsync();
        Assert.Equal(fanInbox.GetProperty("items").GetArrayLength(), after.GetProperty("items").GetArrayLength());
        // A public account's removed follower may simply follow again.
        Assert.Equal("following", await _w.FollowAsync(fan, owner));
    }

    [Fact]
    public async Task Removing_is_idempotent_and_leaves_the_accounts_the_owner_follows_and_pending_requests_alone()
    {
        var (owner, friend, asker) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(owner, friend);
        await _w.FollowAsync(asker, owner);

        await SocialWorld.ExpectAsync(await RemoveAsync(owner, friend.Username), HttpStatusCode.NoContent);
        await SocialWorld.ExpectAsync(await RemoveAsync(owner, friend.Username), HttpStatusCode.NoContent);
        await SocialWorld.ExpectAsync(await RemoveAsync(owner, asker.Username), HttpStatusCode.NoContent);

        Assert.True(await SocialWorld.FollowsAsync(owner, friend));
        Assert.True(await SocialWorld.RequestedAsync(asker, owner));
        Assert.Equal(0, await SocialWorld.EventsAsync("follow.deleted", owner));
    }

    [Fact]
    public async Task Unknown_blocked_and_self_are_refused_and_anonymous_callers_are_unauthorized()
    {
        var (owner, blocker) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(blocker, owner);
        await _w.BlockAsync(blocker, owner);

        await (await RemoveAsync(owner, "nobody_" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(owner, blocker.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RemoveAsync(owner, owner.Username)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await RemoveAsync(owner, "me")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/followers/{blocker.Username}", null))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
