using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

[Collection(ApiCollection.Name)]
public sealed class MuteAndCloseFriendsTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task Mute_defaults_to_posts_and_can_be_changed_listed_and_lifted()
    {
        var (me, them) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(me, them);

        var state = await (await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{them.Username}/mute", me, new { })).ReadJsonAsync();
        Assert.True(state.GetProperty("posts").GetBoolean());
        Assert.False(state.GetProperty("stories").GetBoolean());
        await _w.MuteAsync(me, them, posts: false, stories: true);
        await _w.MuteAsync(me, them, posts: false, stories: true);

        var item = (await (await _w.GetAsync("/api/v1/users/me/muted", me)).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(them.Id, item.GetProperty("id").GetGuid());
        Assert.Equal((false, true), (item.GetProperty("posts").GetBoolean(), item.GetProperty("stories").GetBoolean()));
        Assert.Equal(2, await SocialWorld.EventsAsync("mute.changed", me)); // the repeated PUT changed nothing

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{them.Username}/mute", me), HttpStatusCode.NoContent);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{them.Username}/mute", me), HttpStatusCode.NoContent);
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/muted", me));
        Assert.Equal(3, await SocialWorld.EventsAsync("mute.changed", me));
        Assert.True(await SocialWorld.FollowsAsync(me, them)); // muting never unfollows
    }

    [Fact]
    public async Task Muting_is_silent_and_hides_nothing_from_the_muter()
    {
        var (me, them) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowApprovedAsync(me, them);
        await _w.MuteAsync(me, them);
        await _w.DrainAsync();

        Assert.Equal(0, await SocialWorld.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @Id AND actor_id = @me AND type <> 'follow'", new { them.Id, me = me.Id }));
        await (await _w.GetAsync($"/api/v1/users/{them.Username}/followers", me)).ReadJsonAsync();
        var profile = await _w.ProfileAsync(them, me);
        Assert.True(profile.GetProperty("relationship").GetProperty("muting").GetProperty("posts").GetBoolean());
    }

    [Fact]
    public async Task Muting_nothing_is_a_400_and_changes_nothing()
    {
        var (me, them) = (await _w.UserAsync(), await _w.UserAsync());
        var response = await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{them.Username}/mute", me, new { posts = false, stories = false });
        await response.AssertValidationErrorAsync("posts");
        await (await _w.Client.SendRawAsync(HttpMethod.Put, $"/api/v1/users/{them.Username}/mute", """{"posts": "yes"}""", token: me.Token))
            .AssertValidationErrorAsync("posts");
        await (await _w.Client.SendRawAsync(HttpMethod.Put, $"/api/v1/users/{them.Username}/mute", "", token: me.Token))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/muted", me));
    }

    [Fact]
    public async Task Close_friends_are_added_listed_and_removed_idempotently()
    {
        var me = await _w.UserAsync();
        var friends = await _w.UsersAsync(3);
        foreach (var friend in friends) await _w.AddCloseFriendAsync(me, friend);
        await _w.AddCloseFriendAsync(me, friends[0]);

        Assert.Equal(SocialWorld.NewestFirst(friends), await _w.IdsAsync("/api/v1/users/me/close-friends", me));
        var page = await (await _w.GetAsync("/api/v1/users/me/close-friends?limit=2", me)).ReadJsonAsync();
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.NotNull(page.GetProperty("nextCursor").GetString());

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/close-friends/{friends[1].Username}", me),
            HttpStatusCode.NoContent);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/close-friends/{friends[1].Username}", me),
            HttpStatusCode.NoContent);
        Assert.Equal(SocialWorld.NewestFirst([friends[0], friends[2]]), await _w.IdsAsync("/api/v1/users/me/close-friends", me));
        Assert.Empty(await _w.IdsAsync("/api/v1/users/me/close-friends", friends[0])); // the list is the owner's
        Assert.True((await _w.ProfileAsync(friends[0], me)).GetProperty("relationship").GetProperty("isCloseFriend").GetBoolean());
    }
}
