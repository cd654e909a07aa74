using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Restrict (migration 0105): PUT/DELETE /users/{username}/restrict, the caller's list, the profile's relationship, and direct
/// threads from a restricted account arriving as requests. Held comments have their own contract (HeldCommentContract).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RestrictTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private PostsClient Posts => _dm.Posts;

    private Task<HttpResponseMessage> RestrictAsync(TestUser? caller, string username, HttpMethod? method = null) =>
        Posts.SendAsync(method ?? HttpMethod.Put, $"/api/v1/users/{username}/restrict", caller);

    private async Task<List<Guid>> RestrictedAsync(TestUser caller) =>
        (await (await Posts.GetAsync("/api/v1/users/me/restricted?limit=1", caller)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(u => u.GetProperty("id").GetGuid()).ToList();

    private async Task<bool> RestrictingAsync(TestUser viewer, TestUser other) =>
        (await (await Posts.GetAsync($"/api/v1/users/{other.Username}", viewer)).ReadJsonAsync())
            .GetProperty("relationship").GetProperty("restricting").GetBoolean();

    [Fact]
    public async Task Restricting_is_idempotent_listed_newest_first_shown_on_the_profile_and_lifted_by_delete()
    {
        var (me, first, second) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await (await RestrictAsync(me, first.Username)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await (await RestrictAsync(me, second.Username.ToUpperInvariant())).EnsureNoContentAsync();
        await (await RestrictAsync(me, first.Username)).EnsureNoContentAsync();

        var page = await (await Posts.GetAsync("/api/v1/users/me/restricted?limit=1", me)).ReadJsonAsync();
        Assert.Equal([second.Id], page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        var rest = await (await Posts.GetAsync($"/api/v1/users/me/restricted?limit=1&cursor={page.GetProperty("nextCursor").GetString()}", me)).ReadJsonAsync();
        Assert.Equal([first.Id], rest.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        Assert.Equal((true, false), (await RestrictingAsync(me, first), await RestrictingAsync(first, me)));

        await (await RestrictAsync(me, first.Username, HttpMethod.Delete)).EnsureNoContentAsync();
        await (await RestrictAsync(me, first.Username, HttpMethod.Delete)).EnsureNoContentAsync();
        Assert.Equal([second.Id], await RestrictedAsync(me));
        Assert.False(await RestrictingAsync(me, first));
        Assert.Empty(await RestrictedAsync(second)); // one-sided
    }

    [Fact]
    public async Task Bad_restricts_are_refused_and_change_nothing()
    {
        var (me, blocker) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.BlockAsync(blocker, me);

        await (await RestrictAsync(null, blocker.Username)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RestrictAsync(me, me.Username)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await RestrictAsync(me, me.Username, HttpMethod.Delete)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await RestrictAsync(me, "no_such_account_here")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestrictAsync(me, blocker.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.GetAsync("/api/v1/users/me/restricted?limit=0", me)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Posts.GetAsync("/api/v1/users/me/restricted", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM restrictions WHERE restricter_id = @id", new { id = me.Id }));
    }

    [Fact]
    public async Task A_thread_a_restricted_account_opens_waits_among_the_requests_even_when_followed()
    {
        var (me, restricted, friend) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await Posts.FollowAsync(me, restricted);
        await Posts.FollowAsync(me, friend);
        await Posts.FollowAsync(friend, restricted);
        await (await RestrictAsync(me, restricted.Username)).EnsureNoContentAsync();

        var fromRestricted = await _dm.DirectAsync(restricted, me);
        var fromFriend = await _dm.DirectAsync(friend, me);
        var group = await _dm.GroupAsync(restricted, "pals", me, friend);
        foreach (var (writer, thread) in new[] { (restricted, fromRestricted), (friend, fromFriend), (restricted, group) })
            await _dm.SayAsync(writer, thread, "hi"); // a thread nobody wrote in is not listed to the others

        Assert.Equal(new[] { fromRestricted, group }.Order(), (await _dm.FolderAsync(me, "requests")).Order());
        Assert.Equal([fromFriend], await _dm.FolderAsync(me));
        Assert.Contains(group, await _dm.FolderAsync(friend)); // only the restricter's side changes
    }
}
