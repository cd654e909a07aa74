using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// The channel_invite and channel_cohost_invite notices name their channel (migration 0202, docs/messages.md "Notices"): the
/// inbox shows them while the channel can be joined or co-hosted — not while a moderator's removal stands (back when the
/// appeal is reversed), not once it ended, not across a block — and a withdrawn invitation's notice goes with it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelInviteNoticeTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);
    private PostsClient Posts => _channels.Posts;
    private ChannelSteps Steps => new(Posts);

    /// <summary>An owner followed by a fan, a new channel with its invitations delivered, and an open co-host invitation.</summary>
    private async Task<(TestUser Owner, TestUser Fan, TestUser Invitee, Guid Channel)> InvitedAsync(string name)
    {
        var (owner, fan, invitee) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.FollowAsync(fan, owner);
        var channel = await _channels.CreateAsync(owner, name);
        await new EntityEvents(app, "channelId").SettleAsync(channel);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/cohosts/{invitee.Username}", owner)).EnsureNoContentAsync();
        return (owner, fan, invitee, channel);
    }

    /// <summary>The channel notices <paramref name="reader"/>'s inbox lists.</summary>
    private async Task<List<JsonElement>> NoticesAsync(TestUser reader, string query = "") =>
        (await (await Posts.GetAsync($"/api/v1/notifications?limit=50{query}", reader)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() is "channel_invite" or "channel_cohost_invite").ToList();

    private async Task<List<Guid>> InvitationsAsync(TestUser invitee) =>
        (await _channels.ItemsAsync("/api/v1/users/me/channel-invitations", invitee)).Select(c => c.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Both_notices_name_the_channel_and_its_owner_and_leave_the_inbox_while_it_is_removed_until_the_appeal_is_reversed()
    {
        var (owner, fan, invitee, channel) = await InvitedAsync("Garden club");
        var before = new List<Guid>();
        foreach (var (reader, type, text) in new[]
                 {
                     (fan, "channel_invite", $"{owner.Username} invited you to join their broadcast channel \"Garden club\"."),
                     (invitee, "channel_cohost_invite", $"{owner.Username} invited you to co-host their broadcast channel \"Garden club\"."),
                 })
        {
            var notice = Assert.Single(await NoticesAsync(reader));
            Assert.Equal((type, "broadcast_channel", channel, text), (notice.GetProperty("type").GetString(), notice.GetProperty("entityType").GetString(),
                notice.GetProperty("entityId").GetGuid(), notice.GetProperty("text").GetString()));
            Assert.Equal((owner.Id, "Garden club"), (notice.GetProperty("actor").GetProperty("id").GetGuid(), notice.GetProperty("message").GetString()));
            before.Add(notice.GetProperty("id").GetGuid());
        }

        var removal = await Steps.TakeDownAsync(await Posts.NewUserAsync(), "broadcast_channel", channel);
        Assert.Empty(await NoticesAsync(fan));
        Assert.Empty(await NoticesAsync(invitee));
        Assert.Equal(0L, (await (await Posts.GetAsync("/api/v1/notifications/unread-count", fan)).ReadJsonAsync()).GetProperty("count").GetInt64());
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{before[0]}/read", fan)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await Steps.AppealAsync(owner, removal)).ReadJsonAsync(HttpStatusCode.Created);
        (await Steps.DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();
        Assert.Equal(before, [.. (await NoticesAsync(fan)).Concat(await NoticesAsync(invitee)).Select(n => n.GetProperty("id").GetGuid())]);
        Assert.Equal([channel], await InvitationsAsync(invitee));
    }

    [Fact]
    public async Task Ending_the_channel_hides_both_notices_as_the_invitations_list_hides_the_invitation_even_from_a_member()
    {
        var (owner, fan, invitee, channel) = await InvitedAsync("Ends soon");
        await (await _channels.JoinAsync(fan, channel)).EnsureNoContentAsync();
        Assert.Equal([channel], await InvitationsAsync(invitee));

        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).EnsureSuccessStatusCode();

        Assert.Empty(await NoticesAsync(fan));
        Assert.Empty(await NoticesAsync(invitee));
        Assert.Empty(await InvitationsAsync(invitee));
        // The member still opens the ended channel (its history); the invitation to join it is what is gone.
        Assert.Equal("member", (await (await Posts.GetAsync($"/api/v1/channels/{channel}", fan)).ReadJsonAsync()).GetProperty("role").GetString());
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", invitee)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2L, await Posts.ScalarAsync<long>( // kept, only hidden
            "SELECT count(*) FROM notifications WHERE actor_id = @owner AND entity_id = @channel", new { owner = owner.Id, channel }));
    }

    [Fact]
    public async Task An_accepted_cohost_invitation_keeps_its_notice_while_the_channel_is_live()
    {
        var (owner, _, invitee, channel) = await InvitedAsync("Bee keepers");
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", invitee)).EnsureSuccessStatusCode();
        // As any notice of something that happened: accepting answers it, it does not take it back.
        var notice = Assert.Single(await NoticesAsync(invitee));
        Assert.Equal(channel, notice.GetProperty("entityId").GetGuid());
        Assert.Empty(await InvitationsAsync(invitee));
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).EnsureSuccessStatusCode();
        Assert.Empty(await NoticesAsync(invitee));
    }

    [Fact]
    public async Task A_block_hides_the_invitation_until_lifted_and_a_withdrawn_cohost_invitation_takes_its_notice_along()
    {
        var (owner, fan, invitee, channel) = await InvitedAsync("Blocked out");
        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{owner.Username}/block", fan)).EnsureSuccessStatusCode();
        Assert.Empty(await NoticesAsync(fan));
        (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{owner.Username}/block", fan)).EnsureSuccessStatusCode();
        Assert.Equal(channel, Assert.Single(await NoticesAsync(fan)).GetProperty("entityId").GetGuid()); // a public owner's channel

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/cohosts/{invitee.Username}", owner)).EnsureNoContentAsync();
        Assert.Empty(await NoticesAsync(invitee));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id", new { id = invitee.Id }));
    }

    [Fact]
    public async Task Invitations_to_two_channels_stay_two_notices_in_the_grouped_inbox()
    {
        var (first, second, fan) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        await Posts.FollowAsync(fan, first);
        await Posts.FollowAsync(fan, second);
        var channels = new[] { await _channels.CreateAsync(first, "First"), await _channels.CreateAsync(second, "Second") };
        await new EntityEvents(app, "channelId").SettleAsync(channels);

        var grouped = await NoticesAsync(fan, "&group=true");
        Assert.Equal(channels.Order(), grouped.Select(n => n.GetProperty("entityId").GetGuid()).Order());
        Assert.All(grouped, n => Assert.False(n.TryGetProperty("others", out _)));
    }
}
