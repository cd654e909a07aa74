using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>Counters stay exact under concurrency: every request and every consumer run in parallel.</summary>
[Collection(ApiCollection.Name)]
public sealed class SocialConcurrencyTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    [Fact]
    public async Task Two_hundred_users_following_one_account_at_once_make_exactly_two_hundred_followers()
    {
        var star = await _w.UserAsync();
        var fans = await _w.UsersAsync(200);

        var statuses = await Task.WhenAll(fans.Select(fan => _w.FollowAsync(fan, star)));
        await _w.DrainAsync();

        Assert.All(statuses, s => Assert.Equal("following", s));
        Assert.Equal((200L, 0L), await SocialWorld.TrueCountsAsync(star));
        Assert.Equal((200L, 0L), await SocialWorld.CountsAsync(star));
        Assert.Equal(200, (await _w.ProfileAsync(star, null)).GetProperty("counts").GetProperty("followers").GetInt64());
        foreach (var fan in fans.Take(10)) Assert.Equal((0L, 1L), await SocialWorld.CountsAsync(fan));
        Assert.Equal(200, await SocialWorld.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @Id AND type = 'follow'", new { star.Id }));
    }

    [Fact]
    public async Task One_user_following_many_times_at_once_follows_once()
    {
        var (fan, star) = (await _w.UserAsync(), await _w.UserAsync());

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _w.FollowAsync(fan, star)));
        await _w.DrainAsync();

        Assert.All(statuses, s => Assert.Equal("following", s));
        Assert.Equal(1, await SocialWorld.EventsAsync("follow.created", fan));
        Assert.Equal((1L, 0L), await SocialWorld.CountsAsync(star));
    }

    [Fact]
    public async Task A_storm_of_follows_unfollows_blocks_and_approvals_ends_with_counts_equal_to_the_rows()
    {
        var stars = new List<SocialUser> { await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(isPrivate: true) };
        var fans = await _w.UsersAsync(30);
        var everyone = stars.Concat(fans).ToList();
        var random = new Random(20240601);
        // Each fan runs its own random script against the stars; the fans run at the same time.
        var scripts = fans.Select(fan => Enumerable.Range(0, 12).Select(_ => (Star: stars[random.Next(stars.Count)], Op: random.Next(10))).ToList()).ToList();

        await Task.WhenAll(fans.Select((fan, i) => Task.Run(async () =>
        {
            foreach (var (star, op) in scripts[i])
            {
                var task = op switch
                {
                    < 5 => _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{star.Username}/follow", fan),
                    < 8 => _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/{star.Username}/follow", fan),
                    8 => _w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{fan.Username}/approve", star),
                    _ => _w.SendAsync(HttpMethod.Put, $"/api/v1/users/{fan.Username}/follow", star), // follow back
                };
                var response = await task;
                Assert.True((int)response.StatusCode is 200 or 204 or 404, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        })));
        // A block in the middle of it all, and a privacy switch that approves what is pending.
        await _w.BlockAsync(stars[0], fans[0]);
        await SocialWorld.ExpectAsync(await _w.Client.SendRawAsync(HttpMethod.Patch, "/api/v1/users/me", """{"isPrivate": false}""",
            token: stars[2].Token), System.Net.HttpStatusCode.OK);
        await _w.DrainAsync();

        foreach (var user in everyone) Assert.Equal(await SocialWorld.TrueCountsAsync(user), await SocialWorld.CountsAsync(user));
        Assert.Equal(0, await SocialWorld.ScalarAsync<long>("SELECT count(*) FROM follow_requests WHERE target_id = @Id", new { stars[2].Id }));
        Assert.Equal(0, await SocialWorld.ScalarAsync<long>("SELECT count(*) FROM follows WHERE NOT counted AND following_id = ANY(@ids)",
            new { ids = stars.Select(s => s.Id).ToArray() }));
    }
}
