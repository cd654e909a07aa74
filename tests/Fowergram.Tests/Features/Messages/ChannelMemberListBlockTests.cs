using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A channel's member list, as its hosts read it, leaves out the accounts with a block either way with the reader, as every
/// list of accounts does (followers, likers: <c>Visibility.ProfileFilter</c>; docs/messages.md "Broadcast channels"). Until
/// 2026-12-07 it showed a co-host the member who had blocked them, and the owner the member they had blocked; the owner's list
/// of removed members did so too, until later that day.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelMemberListBlockTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);

    private async Task<List<Guid>> MembersAsync(TestUser host, Guid channel) =>
        (await (await _channels.Posts.GetAsync($"/api/v1/channels/{channel}/members", host)).ReadJsonAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order().ToList();

    [Fact]
    public async Task A_host_does_not_see_a_member_with_a_block_between_them()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var blocker = await _channels.Posts.NewUserAsync();
        var blocked = await _channels.Posts.NewUserAsync();
        foreach (var user in new[] { blocker, blocked }) await (await _channels.JoinAsync(user, channel)).EnsureNoContentAsync();
        await _channels.Posts.BlockAsync(blocker, cohost); // a member who blocked the co-host
        await _channels.Posts.BlockAsync(owner, blocked);  // a member the owner blocked

        var seenByCohost = await MembersAsync(cohost, channel);
        var seenByOwner = await MembersAsync(owner, channel);

        Assert.Equal(new[] { blocked.Id, member.Id }.Order(), seenByCohost);
        Assert.Equal(new[] { blocker.Id, member.Id }.Order(), seenByOwner);
    }

    [Fact]
    public async Task The_owner_does_not_see_a_removed_member_with_a_block_between_them_and_still_lifts_the_removal_by_name()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var blocker = await _channels.Posts.NewUserAsync();
        var blocked = await _channels.Posts.NewUserAsync();
        foreach (var user in new[] { blocker, blocked })
        {
            await (await _channels.JoinAsync(user, channel)).EnsureNoContentAsync();
        }
        foreach (var user in new[] { member, blocker, blocked })
        {
            await (await _channels.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{user.Username}", owner)).EnsureNoContentAsync();
        }
        await _channels.Posts.BlockAsync(blocker, owner); // a removed member who blocked the owner
        await _channels.Posts.BlockAsync(owner, blocked); // a removed member the owner blocked

        var removed = (await (await _channels.Posts.GetAsync($"/api/v1/channels/{channel}/removed-members", owner)).ReadJsonAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([member.Id], removed);

        await (await _channels.Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/removed-members/{blocked.Username}", owner))
            .EnsureNoContentAsync();
        Assert.Equal(0L, await _channels.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM broadcast_channel_members WHERE channel_id = @channel AND user_id = @id", new { channel, id = blocked.Id }));
    }
}
