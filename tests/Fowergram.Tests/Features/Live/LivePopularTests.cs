using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>
/// GET /live/popular: live broadcasts anyone may discover, most watched first. The list spans every account's broadcasts,
/// so the class has a database of its own; viewer counts are written directly (joins and their counts are tested elsewhere).
/// </summary>
public sealed class LivePopularTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private readonly LiveClient _live = new(host.App);

    private Task WatchedByAsync(Guid stream, long viewers) =>
        _live.Posts.ExecuteAsync("""
            UPDATE live_stream_stats SET viewer_count = @viewers, max_viewer_count = greatest(max_viewer_count, @viewers) WHERE stream_id = @stream
            """, new { stream, viewers });

    private async Task<List<Guid>> PopularAsync(TestUser? viewer, params Guid[] among) =>
        LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/popular?limit=50", viewer)).ReadJsonAsync()).Where(among.Contains).ToList();

    [Fact]
    public async Task Live_broadcasts_come_most_watched_first_and_only_while_live()
    {
        var (a, b, c, d, e) = (await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync(),
            await _live.NewUserAsync());
        var (some, most, none) = (await _live.LiveStreamIdAsync(a), await _live.LiveStreamIdAsync(b), await _live.LiveStreamIdAsync(c));
        var scheduled = await _live.StreamIdAsync(d);
        var ended = await _live.LiveStreamIdAsync(e);
        await (await _live.PostAsync($"/api/v1/live/{ended}/end", e)).ReadJsonAsync();
        await WatchedByAsync(some, 3);
        await WatchedByAsync(most, 5);
        var stranger = await _live.NewUserAsync();

        Assert.Equal([most, some, none], await PopularAsync(stranger, some, most, none, scheduled, ended));
        Assert.Equal([most, some, none], await PopularAsync(null, some, most, none, scheduled, ended));
        var top = LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/popular?limit=1", stranger)).ReadJsonAsync());
        Assert.Equal([most], top);
    }

    [Fact]
    public async Task Only_broadcasts_the_caller_may_see_and_has_not_hidden_are_listed()
    {
        var viewer = await _live.NewUserAsync();
        var (open, locked, blocked, blocker, muted, remover) = (await _live.NewUserAsync(), await _live.NewUserAsync(isPrivate: true),
            await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync(), await _live.NewUserAsync());
        var shown = await _live.LiveStreamIdAsync(open);
        var secret = await _live.LiveStreamIdAsync(locked);
        var hidden = new[]
        {
            await _live.LiveStreamIdAsync(viewer), await _live.LiveStreamIdAsync(blocked), await _live.LiveStreamIdAsync(blocker),
            await _live.LiveStreamIdAsync(muted), await _live.LiveStreamIdAsync(remover),
        };
        await _live.Posts.BlockAsync(viewer, blocked);
        await _live.Posts.BlockAsync(blocker, viewer);
        await (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{muted.Username}/mute", viewer, new { posts = false, stories = true }))
            .ReadJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent,
            (await _live.Posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{hidden[4]}/removed-viewers/{viewer.Username}", remover)).StatusCode);
        var follower = await _live.NewUserAsync();
        await _live.Posts.FollowAsync(follower, locked);

        Assert.Equal([shown], await PopularAsync(viewer, [shown, secret, .. hidden]));
        Assert.Contains(secret, await PopularAsync(follower, shown, secret));
        Assert.DoesNotContain(secret, await PopularAsync(null, shown, secret));
    }

    [Fact]
    public async Task A_bad_limit_is_named_and_a_bad_token_refused()
    {
        foreach (var limit in new[] { "0", "51", "ten" })
            await (await _live.GetAsync($"/api/v1/live/popular?limit={limit}", null)).AssertValidationErrorAsync("limit");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/live/popular");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        await (await host.App.Client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
