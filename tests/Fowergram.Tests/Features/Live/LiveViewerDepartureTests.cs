using System.Net;
using Fowergram.Features.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// An account suspended or deleting itself stops watching other accounts' broadcasts at once (docs/live.md "Viewers"): its
/// open viewer row closes with its seconds and it is counted out. Before, it stayed in <c>viewerCount</c> — and so in the
/// ranking of <c>GET /live/popular</c> — until the broadcast ended: a moderator suspending a farm of accounts that joined
/// to push a broadcast up the list left the count they made.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveViewerDepartureTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);
    private PostsClient Posts => _live.Posts;

    private async Task JoinAsync(Guid stream, TestUser viewer) => await (await _live.PostAsync($"/api/v1/live/{stream}/join", viewer)).EnsureNoContentAsync();

    private Task<bool> WatchingAsync(Guid stream, TestUser viewer) => Posts.ScalarAsync<bool>(
        "SELECT EXISTS (SELECT 1 FROM live_stream_viewers WHERE stream_id = @stream AND user_id = @id AND left_at IS NULL)", new { stream, id = viewer.Id });

    private async Task<long> ShownCountAsync(Guid stream, TestUser reader) =>
        (await (await _live.GetAsync($"/api/v1/live/{stream}", reader)).ReadJsonAsync()).GetProperty("viewerCount").GetInt64();

    [Fact]
    public async Task A_suspended_viewer_is_counted_out_of_every_broadcast_it_watched_at_once()
    {
        var (first, second) = (await _live.LiveStreamIdAsync(await Posts.NewUserAsync()), await _live.LiveStreamIdAsync(await Posts.NewUserAsync()));
        var (suspended, other) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        foreach (var stream in new[] { first, second }) await JoinAsync(stream, suspended);
        await JoinAsync(first, other);

        (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{suspended.Username}", await Posts.ModeratorAsync(), new { reason = "spam" }))
            .EnsureSuccessStatusCode();

        Assert.Equal((1L, 2L, 0L), await _live.StatsAsync(first)); // the peak stays
        Assert.Equal((0L, 1L, 0L), await _live.StatsAsync(second));
        Assert.False(await WatchingAsync(first, suspended));
        Assert.False(await WatchingAsync(second, suspended));
        Assert.True(await WatchingAsync(first, other));
        Assert.Equal(1L, await ShownCountAsync(first, other));
    }

    [Fact]
    public async Task A_viewer_deleting_its_account_is_counted_out_at_once()
    {
        var stream = await _live.LiveStreamIdAsync(await Posts.NewUserAsync());
        var account = await app.Client.RegisterAsync();
        var leaving = new TestUser(account.Id, account.Username, account.AccessToken);
        await JoinAsync(stream, leaving);

        (await app.Client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me", new { password = account.Password }, account.AccessToken))
            .EnsureSuccessStatusCode();

        Assert.Equal((0L, 1L, 0L), await _live.StatsAsync(stream));
        Assert.False(await WatchingAsync(stream, leaving));
    }

    /// <summary>
    /// A join sent while the viewer's suspension commits waits for it and is refused (401, as for any gone account's token):
    /// before, it read the account as live on the snapshot from before the suspension, found no lock in its way (the
    /// departure had nothing of it to close yet) and opened a row that stayed counted until the broadcast ended.
    /// </summary>
    [Fact]
    public async Task A_join_racing_the_viewers_suspension_waits_and_is_refused()
    {
        var stream = await _live.LiveStreamIdAsync(await Posts.NewUserAsync());
        var viewer = await Posts.NewUserAsync();
        var moderator = await Posts.ModeratorAsync();
        await using var going = await Posts.Db.OpenConnectionAsync();
        await using var tx = await going.BeginTransactionAsync();
        Assert.True(await app.Services.GetRequiredService<Suspensions>().SuspendAsync(going, tx, viewer.Id, moderator.Id, null, "spam",
            app.Clock.GetUtcNow(), null, CancellationToken.None));

        var joining = _live.PostAsync($"/api/v1/live/{stream}/join", viewer);
        await TransactionRace.BlockedByAsync(Posts.Db, going.ProcessID, joining);
        await tx.CommitAsync();

        await (await joining).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal((0L, 0L, 0L), await _live.StatsAsync(stream));
        Assert.False(await WatchingAsync(stream, viewer));
    }
}
