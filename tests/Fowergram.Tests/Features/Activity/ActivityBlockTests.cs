using System.Text.Json;
using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Activity;

/// <summary>The activity log is what its owner did: a block's consequences are not written into the blocked account's log.</summary>
[Collection(ApiCollection.Name)]
public sealed class ActivityBlockTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task A_follow_a_block_ended_is_in_nobodys_log_and_the_block_only_in_the_blockers()
    {
        var (blocker, fan) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(fan, blocker);
        await _w.FollowAsync(blocker, fan);
        await _w.BlockAsync(blocker, fan);
        await _w.DrainAsync();

        // The fan did nothing: a follow.deleted in its log (and export) would tell it that it was blocked, and when.
        Assert.Equal(["follow.created"], await TypesAsync(fan));
        Assert.DoesNotContain("follow.deleted", await ExportedTypesAsync(fan));
        Assert.Equal(["block.created", "follow.created"], (await TypesAsync(blocker)).Order());
    }

    private async Task<List<string>> TypesAsync(SocialUser user) =>
        (await (await _w.GetAsync("/api/v1/users/me/activity", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("type").GetString()!).ToList();

    private async Task<List<string>> ExportedTypesAsync(SocialUser user) =>
        (await (await _w.GetAsync("/api/v1/users/me/export", user)).ReadJsonAsync()).GetProperty("activity").EnumerateArray()
            .Select(i => i.GetProperty("type").GetString()!).ToList();
}
