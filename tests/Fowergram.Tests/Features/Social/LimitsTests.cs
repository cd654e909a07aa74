using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Limits (migration 0108): for a number of days, comments by accounts that do not follow the owner, or followed it within
/// a week, are held on the owner's posts (as held comments are everywhere: HeldCommentContract); accounts the owner follows
/// never are; the limits run out by themselves.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LimitsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> SetAsync(TestUser? user, object body) => _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/limits", user, body);

    private async Task<JsonElement> GetAsync(TestUser user) => await (await _posts.GetAsync("/api/v1/users/me/limits", user)).ReadJsonAsync();

    private async Task<Guid> CommentAsync(TestUser user, Guid post, string content)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", user, new { content }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<List<Guid>> HeldAsync(TestUser owner, Guid post) =>
        (await (await _posts.GetAsync($"/api/v1/posts/{post}/comments/held", owner)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Non_followers_are_held_followers_are_not_and_accounts_the_owner_follows_never_are()
    {
        var (owner, stranger, follower, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(follower, owner);
        await _posts.FollowAsync(owner, friend); // friend does not follow back, but the owner follows them
        var set = await (await SetAsync(owner, new { nonFollowers = true, recentFollowers = false, days = 3 })).ReadJsonAsync();
        Assert.Equal((true, false), (set.GetProperty("nonFollowers").GetBoolean(), set.GetProperty("recentFollowers").GetBoolean()));
        var post = await _posts.PostIdAsync(owner);

        var held = await CommentAsync(stranger, post, "who are you");
        await CommentAsync(follower, post, "love it");
        await CommentAsync(friend, post, "hey!");

        Assert.Equal([held], await HeldAsync(owner, post));
    }

    [Fact]
    public async Task Recent_followers_are_held_for_a_week_after_following_and_the_limits_run_out()
    {
        var (owner, newcomer, oldFan, late) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(oldFan, owner);
        await AgeFollowAsync(oldFan, owner, TimeSpan.FromDays(8));
        await _posts.FollowAsync(newcomer, owner);
        await (await SetAsync(owner, new { nonFollowers = false, recentFollowers = true, days = 10 })).ReadJsonAsync();
        var post = await _posts.PostIdAsync(owner);

        var held = await CommentAsync(newcomer, post, "first time here");
        await CommentAsync(oldFan, post, "as always");
        var stranger = await _posts.NewUserAsync();
        await CommentAsync(stranger, post, "not held: only recent followers are limited");
        Assert.Equal([held], await HeldAsync(owner, post));

        await AgeFollowAsync(newcomer, owner, TimeSpan.FromDays(8)); // no longer recent
        await CommentAsync(newcomer, post, "again");
        Assert.Equal([held], await HeldAsync(owner, post));

        // The limits run out by themselves: set them to have ended an hour ago.
        var past = app.Clock.GetUtcNow() - TimeSpan.FromDays(2);
        await _posts.ExecuteAsync("UPDATE account_limits SET created_at = @past, until = @until WHERE user_id = @owner",
            new { past, until = past + TimeSpan.FromDays(2) - TimeSpan.FromHours(1), owner = owner.Id });
        await _posts.FollowAsync(late, owner);
        await CommentAsync(late, post, "just followed");
        await (await _posts.GetAsync("/api/v1/users/me/limits", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([held], await HeldAsync(owner, post));
    }

    private Task AgeFollowAsync(TestUser follower, TestUser following, TimeSpan by) =>
        _posts.ExecuteAsync("UPDATE follows SET created_at = created_at - @by WHERE follower_id = @a AND following_id = @b",
            new { by, a = follower.Id, b = following.Id });

    [Fact]
    public async Task Limits_are_read_replaced_ended_and_bad_ones_refused()
    {
        var owner = await _posts.NewUserAsync();
        await (await _posts.GetAsync("/api/v1/users/me/limits", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        var both = await (await SetAsync(owner, new { days = 1 })).ReadJsonAsync(); // both kinds by default
        Assert.Equal((true, true), (both.GetProperty("nonFollowers").GetBoolean(), both.GetProperty("recentFollowers").GetBoolean()));
        var replaced = await (await SetAsync(owner, new { nonFollowers = false, days = 28 })).ReadJsonAsync();
        Assert.Equal((false, true), (replaced.GetProperty("nonFollowers").GetBoolean(), replaced.GetProperty("recentFollowers").GetBoolean()));
        Assert.Equal(replaced.GetRawText(), (await GetAsync(owner)).GetRawText());

        await (await SetAsync(owner, new { nonFollowers = false, recentFollowers = false, days = 3 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync(owner, new { nonFollowers = true, days = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync(owner, new { nonFollowers = true, days = 29 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync(owner, new { nonFollowers = true })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await SetAsync(null, new { nonFollowers = true, days = 1 })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(replaced.GetRawText(), (await GetAsync(owner)).GetRawText());

        await (await _posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/limits", owner)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, "/api/v1/users/me/limits", owner)).EnsureNoContentAsync();
        await (await _posts.GetAsync("/api/v1/users/me/limits", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
