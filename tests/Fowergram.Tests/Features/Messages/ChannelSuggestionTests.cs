using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// GET /channels/suggested (docs/messages.md "Finding channels"): live channels the caller may see and could join, those of
/// accounts they follow first, then by members. The candidates include everyone's newest live channels, so the class has a
/// database of its own (another class's channels would crowd them out); each test looks at its own channels only.
/// </summary>
public sealed class ChannelSuggestionTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private const string Path = "/api/v1/channels/suggested";
    private readonly ChannelClient _channels = new(host.App);
    private PostsClient Posts => _channels.Posts;

    private Task<List<JsonElement>> SuggestedAsync(TestUser caller, string query = "?limit=50") => _channels.ItemsAsync(Path + query, caller);

    private Task<List<Guid>> SuggestedAmongAsync(TestUser caller, params Guid[] mine) => _channels.IdsAmongAsync(Path + "?limit=50", caller, mine);

    private async Task<Guid> ChannelAsync(TestUser owner, int members = 0)
    {
        var channel = await _channels.CreateAsync(owner);
        host.App.Clock.Advance(TimeSpan.FromMilliseconds(1)); // ties are broken newest first
        for (var i = 0; i < members; i++) await (await _channels.JoinAsync(await Posts.NewUserAsync(), channel)).EnsureNoContentAsync();
        return channel;
    }

    [Fact]
    public async Task Channels_of_followed_accounts_come_first_then_the_most_joined()
    {
        var (viewer, followed, stranger) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.FollowAsync(viewer, followed);
        var followedQuiet = await ChannelAsync(followed);
        var followedJoined = await ChannelAsync(followed, members: 1);
        var strangerBig = await ChannelAsync(stranger, members: 2);
        var strangerQuiet = await ChannelAsync(stranger);
        var newestQuiet = await ChannelAsync(await Posts.NewUserAsync());

        // Equal member counts: the newer first.
        Assert.Equal([followedJoined, followedQuiet, strangerBig, newestQuiet, strangerQuiet],
            await SuggestedAmongAsync(viewer, followedQuiet, followedJoined, strangerBig, strangerQuiet, newestQuiet));
        var item = (await SuggestedAsync(viewer)).Single(i => i.GetProperty("id").GetGuid() == strangerBig);
        Assert.Equal(2, item.GetProperty("memberCount").GetInt32());
        Assert.False(item.TryGetProperty("role", out _)); // a visitor who may join
        Assert.Equal(stranger.Id, item.GetProperty("owner").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Only_live_channels_the_caller_may_see_and_has_no_place_in_are_suggested()
    {
        var viewer = await Posts.NewUserAsync();
        var (owner, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync()); // five live channels each at most
        var (own, joined, removedFrom, cohosted, invited, ended, takenDown, open) = (await ChannelAsync(viewer), await ChannelAsync(owner),
            await ChannelAsync(owner), await ChannelAsync(owner), await ChannelAsync(owner), await ChannelAsync(other), await ChannelAsync(other),
            await ChannelAsync(other));
        await (await _channels.JoinAsync(viewer, joined)).EnsureNoContentAsync();
        await (await _channels.JoinAsync(viewer, removedFrom)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{removedFrom}/members/{viewer.Username}", owner)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cohosted}/cohosts/{viewer.Username}", owner)).EnsureNoContentAsync();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{cohosted}/cohost/accept", viewer)).EnsureSuccessStatusCode();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{invited}/cohosts/{viewer.Username}", owner)).EnsureNoContentAsync();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{ended}/end", other)).EnsureSuccessStatusCode();
        var reporter = await Posts.NewUserAsync();
        await new ChannelSteps(Posts).TakeDownAsync(reporter, "broadcast_channel", takenDown);

        var all = new[] { own, joined, removedFrom, cohosted, invited, ended, takenDown, open };
        Assert.Equal([open], await SuggestedAmongAsync(viewer, all));
        Assert.Equal([joined, open, invited, cohosted, removedFrom, own], await SuggestedAmongAsync(reporter, all)); // the viewer's places are not theirs
    }

    [Fact]
    public async Task Blocks_either_way_private_owners_not_followed_and_deactivated_owners_are_never_suggested()
    {
        var viewer = await Posts.NewUserAsync();
        var (blocker, blocked, privateOwner, followedPrivate, deactivated, open) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(),
            await Posts.NewUserAsync(isPrivate: true), await Posts.NewUserAsync(isPrivate: true), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var channels = new[] { await ChannelAsync(blocker), await ChannelAsync(blocked), await ChannelAsync(privateOwner),
            await ChannelAsync(followedPrivate), await ChannelAsync(deactivated), await ChannelAsync(open) };
        await Posts.BlockAsync(blocker, viewer);
        await Posts.BlockAsync(viewer, blocked);
        await Posts.FollowAsync(viewer, followedPrivate);
        await Posts.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = deactivated.Id });

        Assert.Equal([channels[3], channels[5]], await SuggestedAmongAsync(viewer, channels)); // the followed private owner's first
    }

    [Fact]
    public async Task The_limit_bounds_the_list_and_a_bad_one_is_a_400()
    {
        var viewer = await Posts.NewUserAsync();
        await ChannelAsync(await Posts.NewUserAsync());
        await ChannelAsync(await Posts.NewUserAsync());
        Assert.Single(await SuggestedAsync(viewer, "?limit=1"));
        var body = await (await Posts.GetAsync(Path, viewer)).ReadJsonAsync();
        Assert.False(body.TryGetProperty("nextCursor", out _)); // a top-N list, not a page
        foreach (var bad in new[] { "0", "51", "ten", "-1" })
            await (await Posts.GetAsync($"{Path}?limit={bad}", viewer)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_channel_reported_by_enough_accounts_is_suggested_only_to_its_owners_followers_until_the_reports_are_closed()
    {
        var owner = await Posts.NewUserAsync();
        var channel = await ChannelAsync(owner);
        await ReviewLimitTests.AssertOfferedOnlyToFollowersWhileLimitedAsync(Posts, owner, channel, viewer => SuggestedAmongAsync(viewer, channel));
    }
}
