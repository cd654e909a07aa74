using System.Net;
using Fowergram.Platform.WriteLimits;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.WriteLimits;

/// <summary>
/// The production default of one kind, on the shared host (no setting): follows, 100 an hour. The 101st new follow is a
/// 429 naming the kind; the hundred before it were all taken. Every other test's writes stay far under the defaults.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DefaultWriteAllowanceTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task The_default_follow_allowance_takes_one_hundred_follows_an_hour_and_refuses_the_next()
    {
        var perHour = new WriteLimitsOptions().Follow.PerHour;
        Assert.Equal(100, perHour);
        var fan = await _posts.NewUserAsync();
        var stars = new List<TestUser>();
        for (var i = 0; i <= perHour; i++) stars.Add(await _posts.NewUserAsync());

        for (var i = 0; i < perHour; i++)
            Assert.Equal(HttpStatusCode.OK, (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{stars[i].Username}/follow", fan)).StatusCode);
        var refused = await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{stars[perHour].Username}/follow", fan);

        await WriteAllowanceHost.AssertSpentAsync(refused, "follow");
        Assert.Equal(perHour, await _posts.ScalarAsync<long>("SELECT count(*) FROM follows WHERE follower_id = @id", new { id = fan.Id }));
    }
}
