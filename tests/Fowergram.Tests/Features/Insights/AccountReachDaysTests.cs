using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// Accounts reached over real days: these tests move the clock by days, so the class has a database and a clock of its
/// own (as TrialReelTests), and tokens are issued again after each move.
/// </summary>
public sealed class AccountReachDaysTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private readonly PostsClient _posts = new(host.App);

    private TestUser Fresh(TestUser user) => _posts.Media.WithFreshToken(user);

    [Fact]
    public async Task An_account_looking_on_two_days_counts_once_by_its_latest_look_and_leaves_the_window_days_later()
    {
        var (owner, viewer) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(owner);
        await AccountReachTests.SeenAsync(_posts, viewer, post);
        Assert.Equal((1L, 0L, 1L), await AccountReachTests.ReachAsync(_posts, owner, "?days=1"));

        // The next day it follows and looks again: still one account, now a follower (its latest look).
        await _posts.FollowAsync(viewer, owner);
        host.App.Clock.Advance(TimeSpan.FromDays(1));
        (owner, viewer) = (Fresh(owner), Fresh(viewer));
        await AccountReachTests.SeenAsync(_posts, viewer, post);
        Assert.Equal((1L, 1L, 0L), await AccountReachTests.ReachAsync(_posts, owner, "?days=1"));
        Assert.Equal((1L, 1L, 0L), await AccountReachTests.ReachAsync(_posts, owner, "?days=7"));

        // Two days on, its latest look is out of a one- and a two-day window, still in a three-day one.
        host.App.Clock.Advance(TimeSpan.FromDays(2));
        owner = Fresh(owner);
        Assert.Equal((0L, 0L, 0L), await AccountReachTests.ReachAsync(_posts, owner, "?days=2"));
        Assert.Equal((1L, 1L, 0L), await AccountReachTests.ReachAsync(_posts, owner, "?days=3"));
    }
}
