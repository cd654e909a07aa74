using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>The owner's list of removed members and lifting a removal (docs/messages.md "Broadcast channels").</summary>
[Collection(ApiCollection.Name)]
public sealed class BroadcastChannelRemovalTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);
    private PostsClient Posts => _channels.Posts;

    private Task<HttpResponseMessage> RemoveAsync(TestUser owner, Guid channel, TestUser member) =>
        Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/members/{member.Username}", owner);

    private Task<HttpResponseMessage> RestoreAsync(TestUser who, Guid channel, string username) =>
        Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/removed-members/{username}", who);

    private async Task<List<Guid>> RemovedAsync(TestUser owner, Guid channel) =>
        (await (await Posts.GetAsync($"/api/v1/channels/{channel}/removed-members", owner)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(u => u.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task The_owner_lists_removed_members_newest_first_and_a_lifted_removal_lets_the_account_join_again()
    {
        var (owner, removed, channel) = await _channels.WithMemberAsync();
        var second = await Posts.NewUserAsync();
        await (await _channels.JoinAsync(second, channel)).EnsureNoContentAsync();
        await _channels.PostAsync(owner, channel, new { text = "members only" });
        await (await RemoveAsync(owner, channel, removed)).EnsureNoContentAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await RemoveAsync(owner, channel, second)).EnsureNoContentAsync();
        Assert.Equal([second.Id, removed.Id], await RemovedAsync(owner, channel));

        await (await RestoreAsync(owner, channel, removed.Username.ToUpperInvariant())).EnsureNoContentAsync();
        Assert.Equal([second.Id], await RemovedAsync(owner, channel));
        // Lifting a removal is not joining: the account reads nothing until it joins again, and then it may.
        await (await Posts.GetAsync($"/api/v1/channels/{channel}/messages", removed)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _channels.JoinAsync(removed, channel)).EnsureNoContentAsync();
        Assert.Single(await _channels.MessagesAsync(removed, channel));
        await (await _channels.JoinAsync(second, channel)).AssertProblemAsync(HttpStatusCode.NotFound); // still removed

        // Idempotent: lifting it again, or for a member never removed, changes nothing and answers 204.
        await (await RestoreAsync(owner, channel, removed.Username)).EnsureNoContentAsync();
        Assert.Equal("member", (await (await Posts.GetAsync($"/api/v1/channels/{channel}", removed)).ReadJsonAsync()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Only_the_owner_sees_and_lifts_removals_and_an_unknown_account_is_a_404()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var removed = await Posts.NewUserAsync();
        await (await _channels.JoinAsync(removed, channel)).EnsureNoContentAsync();
        await (await RemoveAsync(owner, channel, removed)).EnsureNoContentAsync();

        foreach (var reader in new[] { cohost, member })
        {
            await (await Posts.GetAsync($"/api/v1/channels/{channel}/removed-members", reader)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await RestoreAsync(reader, channel, removed.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await RestoreAsync(removed, channel, removed.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(owner, channel, "no_such_account_" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(owner, Guid.CreateVersion7(), removed.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.GetAsync("/api/v1/channels/not-an-id/removed-members", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.GetAsync($"/api/v1/channels/{channel}/removed-members?limit=0", owner)).AssertValidationErrorAsync("limit");
        Assert.Equal([removed.Id], await RemovedAsync(owner, channel));
        Assert.True(await Posts.ScalarAsync<bool>(
            "SELECT removed_at IS NOT NULL FROM broadcast_channel_members WHERE channel_id = @channel AND user_id = @id", new { channel, id = removed.Id }));
    }
}
