using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

[Collection(ApiCollection.Name)]
public sealed class FollowListsTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task Followers_and_following_page_through_every_entry_once()
    {
        var star = await _w.UserAsync();
        var fans = await _w.UsersAsync(7);
        foreach (var fan in fans)
        {
            await _w.FollowAsync(fan, star);
            await _w.FollowAsync(star, fan);
        }

        foreach (var list in new[] { "followers", "following" })
        {
            var seen = new List<Guid>();
            string? cursor = null;
            do
            {
                var url = $"/api/v1/users/{star.Username}/{list}?limit=3" + (cursor is null ? "" : $"&cursor={cursor}");
                var page = await (await _w.GetAsync(url, null)).ReadJsonAsync();
                Assert.True(page.GetProperty("items").GetArrayLength() <= 3);
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
                cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            } while (cursor is not null);
            Assert.Equal(SocialWorld.NewestFirst(fans), seen);
        }
    }

    [Fact]
    public async Task List_entries_carry_the_user_and_when_they_joined_the_list()
    {
        var (fan, star) = (await _w.UserAsync(fullName: "Fan Person"), await _w.UserAsync());
        await _w.FollowAsync(fan, star);

        var item = (await (await _w.GetAsync($"/api/v1/users/{star.Username}/followers", null)).ReadJsonAsync())
            .GetProperty("items")[0];

        Assert.Equal(fan.Username, item.GetProperty("username").GetString());
        Assert.Equal("Fan Person", item.GetProperty("fullName").GetString());
        Assert.False(item.GetProperty("isPrivate").GetBoolean());
        Assert.True((item.GetProperty("since").GetDateTimeOffset() - app.Clock.GetUtcNow()).Duration() < TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_private_accounts_lists_are_shown_only_to_approved_followers_and_itself()
    {
        var (follower, pending, stranger, star) =
            (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowApprovedAsync(follower, star);
        await _w.FollowAsync(pending, star);

        foreach (var list in new[] { "followers", "following" })
        {
            var url = $"/api/v1/users/{star.Username}/{list}";
            await (await _w.GetAsync(url, follower)).ReadJsonAsync();
            await (await _w.GetAsync(url, star)).ReadJsonAsync();
            await (await _w.GetAsync(url, pending)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _w.GetAsync(url, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _w.GetAsync(url, null)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Entries_blocked_with_the_viewer_and_gone_accounts_are_left_out()
    {
        var (viewer, blocker, gone, fan, star) =
            (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        foreach (var f in new[] { blocker, gone, fan }) await _w.FollowAsync(f, star);
        await _w.BlockAsync(blocker, viewer);
        await SocialWorld.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { gone.Id });

        Assert.Equal([fan.Id], await _w.IdsAsync($"/api/v1/users/{star.Username}/followers", viewer));
        Assert.Equal(SocialWorld.NewestFirst([blocker, fan]), await _w.IdsAsync($"/api/v1/users/{star.Username}/followers", null));
    }

    [Fact]
    public async Task Me_names_the_signed_in_caller()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true));
        await _w.FollowApprovedAsync(fan, star);

        Assert.Equal([fan.Id], await _w.IdsAsync("/api/v1/users/me/followers", star));
        Assert.Equal([star.Id], await _w.IdsAsync("/api/v1/users/me/following", fan));
        // A guest's "me" names nobody: the 401 of every /users/{username}/… list asked for "me" (a 404 until 2026-12-07).
        await (await _w.GetAsync("/api/v1/users/me/followers", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _w.GetAsync("/api/v1/users/me/following", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
