using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>Another account's broadcast ids on every broadcaster write: 404, and the database is exactly as it was.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveIdorTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    [Fact]
    public async Task Writes_with_someone_elses_broadcast_are_404_and_change_nothing()
    {
        var victim = await _live.NewUserAsync();
        var attacker = await _live.NewUserAsync();
        var scheduled = await _live.StreamIdAsync(victim, "later");
        var live = await _live.LiveStreamIdAsync(victim, "now");
        var before = await StateAsync(victim);

        var attempts = new[]
        {
            await _live.PostAsync($"/api/v1/live/{scheduled}/start", attacker),
            await _live.PostAsync($"/api/v1/live/{scheduled}/cancel", attacker),
            await _live.PostAsync($"/api/v1/live/{live}/end", attacker),
            await _live.PostAsync($"/api/v1/live/{live}/cancel", attacker),
        };

        foreach (var attempt in attempts) await attempt.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync(victim));
        Assert.Empty(LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/mine", attacker)).ReadJsonAsync()));
        var attackersView = await (await _live.GetAsync($"/api/v1/live/{live}", attacker)).ReadJsonAsync();
        Assert.False(attackersView.TryGetProperty("ingestUrl", out _)); // the broadcaster's alone
    }

    private Task<string> StateAsync(TestUser victim) => _live.Posts.ScalarAsync<string>("""
        SELECT string_agg(id::text || status || coalesce(started_at::text, '-') || coalesce(ended_at::text, '-') || updated_at::text, ',' ORDER BY id)
          FROM live_streams WHERE user_id = @victim
        """, new { victim = victim.Id });
}
