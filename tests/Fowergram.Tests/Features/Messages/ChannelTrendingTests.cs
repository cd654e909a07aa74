using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// GET /channels/trending (docs/messages.md "Finding channels"): live channels the caller may see and could join, by the
/// members who joined in the last week and still are, then by members, then newest. The ranking weighs everyone's channels,
/// so the class has a database of its own; each test looks at its own channels only.
/// </summary>
public sealed class ChannelTrendingTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private const string Path = "/api/v1/channels/trending";
    private readonly ChannelClient _channels = new(host.App);
    private PostsClient Posts => _channels.Posts;

    private Task<List<JsonElement>> TrendingAsync(TestUser caller, string query = "?limit=50") => _channels.ItemsAsync(Path + query, caller);

    private Task<List<Guid>> TrendingAmongAsync(TestUser caller, params Guid[] mine) => _channels.IdsAmongAsync(Path + "?limit=50", caller, mine);

    private async Task<Guid> ChannelAsync(TestUser owner)
    {
        var channel = await _channels.CreateAsync(owner);
        host.App.Clock.Advance(TimeSpan.FromMilliseconds(1)); // ties are broken newest first
        return channel;
    }

    /// <summary>New accounts join (following <paramref name="privateOwner"/> first: only followers see a private owner's channels).</summary>
    private async Task<List<TestUser>> JoinAsync(Guid channel, int members, TestUser? privateOwner = null)
    {
        var joined = new List<TestUser>();
        for (var i = 0; i < members; i++)
        {
            var member = await Posts.NewUserAsync();
            if (privateOwner is not null) await Posts.FollowAsync(member, privateOwner);
            await (await _channels.JoinAsync(member, channel)).EnsureNoContentAsync();
            joined.Add(member);
        }
        return joined;
    }

    [Fact]
    public async Task Channels_rank_by_the_weeks_joins_still_members_then_by_members_then_newest()
    {
        var viewer = await Posts.NewUserAsync();
        var (a, b, c, d, e) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync(),
            await Posts.NewUserAsync());
        var bigButQuiet = await ChannelAsync(a);
        var olderTie = await ChannelAsync(b);
        var leftBehind = await ChannelAsync(c);
        var growing = await ChannelAsync(d);
        var newerTie = await ChannelAsync(e);
        var early = (await JoinAsync(bigButQuiet, 3)).Concat(await JoinAsync(olderTie, 2)).Select(u => u.Id).ToArray();
        // Joined 8 days ago, out of the week (the rows moved back: moving the clock would expire every token).
        await Posts.ExecuteAsync("UPDATE broadcast_channel_members SET joined_at = joined_at - interval '8 days' WHERE user_id = ANY(@early)", new { early });

        await JoinAsync(olderTie, 1);
        await JoinAsync(growing, 2);
        await JoinAsync(newerTie, 1);
        var leavers = await JoinAsync(leftBehind, 3);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{leftBehind}/leave", leavers[0])).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{leftBehind}/members/{leavers[1].Username}", c)).EnsureNoContentAsync();

        // growing: 2 this week; olderTie, newerTie and leftBehind: 1 each (the bigger first, then the newer); bigButQuiet: none.
        Assert.Equal([growing, olderTie, newerTie, leftBehind],
            await TrendingAmongAsync(viewer, bigButQuiet, olderTie, leftBehind, growing, newerTie));
        var item = (await TrendingAsync(viewer)).Single(i => i.GetProperty("id").GetGuid() == olderTie);
        Assert.Equal(3, item.GetProperty("memberCount").GetInt32());
        Assert.False(item.TryGetProperty("role", out _)); // a visitor who may join
        Assert.Equal(b.Id, item.GetProperty("owner").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Only_live_channels_the_caller_may_see_and_has_no_place_in_trend()
    {
        var viewer = await Posts.NewUserAsync();
        var (owner, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync()); // five live channels each at most
        var (own, joined, removedFrom, cohosted, ended, takenDown, open) = (await ChannelAsync(viewer), await ChannelAsync(owner),
            await ChannelAsync(owner), await ChannelAsync(owner), await ChannelAsync(other), await ChannelAsync(other), await ChannelAsync(other));
        var all = new[] { own, joined, removedFrom, cohosted, ended, takenDown, open };
        foreach (var channel in all) await JoinAsync(channel, 1);
        await (await _channels.JoinAsync(viewer, joined)).EnsureNoContentAsync();
        await (await _channels.JoinAsync(viewer, removedFrom)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{removedFrom}/members/{viewer.Username}", owner)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cohosted}/cohosts/{viewer.Username}", owner)).EnsureNoContentAsync();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cohosted}/cohost/accept", viewer)).EnsureSuccessStatusCode();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{ended}/end", other)).EnsureSuccessStatusCode();
        var reporter = await Posts.NewUserAsync();
        await new ChannelSteps(Posts).TakeDownAsync(reporter, "broadcast_channel", takenDown);

        Assert.Equal([open], await TrendingAmongAsync(viewer, all));
        // The viewer's places are not the reporter's; the viewer's join counts (joined has 2 this week, the newest first among 1s).
        Assert.Equal([joined, open, cohosted, removedFrom, own], await TrendingAmongAsync(reporter, all));
    }

    [Fact]
    public async Task Blocks_either_way_private_owners_not_followed_and_deactivated_owners_never_trend()
    {
        var viewer = await Posts.NewUserAsync();
        var (blocker, blocked, privateOwner, followedPrivate, deactivated, open) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(),
            await Posts.NewUserAsync(isPrivate: true), await Posts.NewUserAsync(isPrivate: true), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var channels = new[] { await ChannelAsync(blocker), await ChannelAsync(blocked), await ChannelAsync(privateOwner),
            await ChannelAsync(followedPrivate), await ChannelAsync(deactivated), await ChannelAsync(open) };
        foreach (var channel in channels.Where((_, i) => i is not 2 and not 3)) await JoinAsync(channel, 1);
        await JoinAsync(channels[2], 1, privateOwner);
        await JoinAsync(channels[3], 1, followedPrivate);
        await Posts.BlockAsync(blocker, viewer);
        await Posts.BlockAsync(viewer, blocked);
        await Posts.FollowAsync(viewer, followedPrivate);
        await Posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = deactivated.Id });

        Assert.Equal([channels[5], channels[3]], await TrendingAmongAsync(viewer, channels)); // equal joins: the newer first
    }

    [Fact]
    public async Task The_limit_bounds_the_list_a_bad_one_is_a_400_and_a_guest_a_401()
    {
        var viewer = await Posts.NewUserAsync();
        await JoinAsync(await ChannelAsync(await Posts.NewUserAsync()), 1);
        await JoinAsync(await ChannelAsync(await Posts.NewUserAsync()), 1);
        Assert.Single(await TrendingAsync(viewer, "?limit=1"));
        var body = await (await Posts.GetAsync(Path, viewer)).ReadJsonAsync();
        Assert.False(body.TryGetProperty("nextCursor", out _)); // a top-N list, not a page
        foreach (var bad in new[] { "0", "51", "ten", "-1" })
            await (await Posts.GetAsync($"{Path}?limit={bad}", viewer)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Posts.GetAsync(Path, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_channel_reported_by_enough_accounts_trends_only_for_its_owners_followers_until_the_reports_are_closed()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await ChannelAsync(owner);
        await JoinAsync(channel, 1);
        await ReviewLimitTests.AssertOfferedOnlyToFollowersWhileLimitedAsync(Posts, owner, channel, viewer => TrendingAmongAsync(viewer, channel));
    }
}
