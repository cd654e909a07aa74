using System.Net;
using Fowergram.Tests.Infrastructure;

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
}
