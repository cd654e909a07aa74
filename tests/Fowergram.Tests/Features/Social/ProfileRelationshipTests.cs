using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>GET /users/{username}: counts for everyone; relationship and followedBy for a signed-in caller.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProfileRelationshipTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    private static JsonElement Relationship(JsonElement profile) => profile.GetProperty("relationship");

    [Fact]
    public async Task Counts_are_exact_once_drained_and_shown_to_anonymous_callers()
    {
        var star = await _w.UserAsync(isPrivate: true);
        var fans = await _w.UsersAsync(3);
        foreach (var fan in fans) await _w.FollowApprovedAsync(fan, star);
        await _w.FollowAsync(star, fans[0]);
        await _w.DrainAsync();

        var counts = (await _w.ProfileAsync(star, null)).GetProperty("counts");

        Assert.Equal((0L, 3L, 1L), (counts.GetProperty("posts").GetInt64(), counts.GetProperty("followers").GetInt64(),
            counts.GetProperty("following").GetInt64()));
        Assert.False((await _w.ProfileAsync(star, null)).TryGetProperty("relationship", out _));
        Assert.False((await _w.ProfileAsync(star, star)).TryGetProperty("relationship", out _)); // not about oneself
    }

    [Fact]
    public async Task Relationship_shows_every_edge_from_the_callers_side()
    {
        var (me, them) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync(isPrivate: true));

        var none = Relationship(await _w.ProfileAsync(them, me));
        Assert.Equal("""{"following":false,"followedBy":false,"requested":false,"requestedBy":false,"blocking":false,"muting":{"posts":false,"stories":false,"notes":false},"isCloseFriend":false,"restricting":false}""",
            none.GetRawText());

        await _w.FollowAsync(me, them);
        await _w.FollowAsync(them, me);
        var requested = Relationship(await _w.ProfileAsync(them, me));
        Assert.True(requested.GetProperty("requested").GetBoolean());
        Assert.True(requested.GetProperty("requestedBy").GetBoolean());

        await _w.ApproveAsync(them, me);
        await _w.ApproveAsync(me, them);
        await _w.MuteAsync(me, them, posts: true, stories: false);
        await _w.AddCloseFriendAsync(me, them);
        var all = Relationship(await _w.ProfileAsync(them, me));
        Assert.Equal("""{"following":true,"followedBy":true,"requested":false,"requestedBy":false,"blocking":false,"muting":{"posts":true,"stories":false,"notes":false},"isCloseFriend":true,"restricting":false}""",
            all.GetRawText());
    }

    [Fact]
    public async Task Followed_by_names_up_to_two_accounts_the_caller_follows_and_counts_the_rest()
    {
        var (me, star, stranger) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var friends = new List<SocialUser>();
        foreach (var label in new[] { "aa", "bb", "cc", "dd" }) friends.Add(await _w.UserAsync(label: label));
        foreach (var f in friends)
        {
            await _w.FollowAsync(me, f);
            await _w.FollowAsync(f, star);
        }
        await _w.FollowAsync(stranger, star); // followed by someone I do not follow: not mentioned

        var summary = (await _w.ProfileAsync(star, me)).GetProperty("followedBy");

        Assert.Equal(4, summary.GetProperty("count").GetInt64());
        Assert.Equal(friends.Take(3).Select(f => f.Username), summary.GetProperty("usernames").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal($"Followed by {friends[0].Username}, {friends[1].Username} and 2 others", summary.GetProperty("text").GetString());
        var nobody = (await _w.ProfileAsync(star, stranger)).GetProperty("followedBy");
        Assert.Equal(0, nobody.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task A_blocked_or_blocking_caller_gets_404_for_the_profile()
    {
        var (blocker, blocked) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.BlockAsync(blocker, blocked);

        await (await _w.GetAsync($"/api/v1/users/{blocker.Username}", blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _w.GetAsync($"/api/v1/users/{blocked.Username}", blocker)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
