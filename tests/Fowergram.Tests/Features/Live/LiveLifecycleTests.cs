using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Live;

/// <summary>Create, start, end, cancel — the legal transitions of 0006's CHECKs, and 409 naming the status for every other.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveLifecycleTests(FowergramApp app)
{
    private readonly LiveClient _live = new(app);

    [Fact]
    public async Task The_stream_key_is_shown_once_and_only_its_sha256_is_stored()
    {
        var owner = await _live.NewUserAsync();
        var created = await _live.CreateStreamAsync(owner);
        var key = created.GetProperty("streamKey").GetString()!;
        var id = created.GetProperty("stream").GetProperty("id").GetGuid();

        Assert.Equal(43, key.Length); // 32 bytes, base64url
        Assert.Equal("rtmps://live.example.com:443/app", created.GetProperty("ingestUrl").GetString());
        var stored = await _live.Posts.ScalarAsync<string>("SELECT stream_key_hash FROM live_streams WHERE id = @id", new { id });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), stored);
        Assert.Equal(0L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM live_streams WHERE id = @id AND strpos(row_to_json(live_streams)::text, @key) > 0", new { id, key }));

        var read = await (await _live.GetAsync($"/api/v1/live/{id}", owner)).Content.ReadAsStringAsync();
        var mine = await (await _live.GetAsync("/api/v1/live/mine", owner)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, read);
        Assert.DoesNotContain(key, mine);
        Assert.NotEqual(key, (await _live.CreateStreamAsync(owner)).GetProperty("streamKey").GetString());
    }

    [Fact]
    public async Task A_broadcast_goes_scheduled_live_ended_and_every_other_transition_is_409_naming_the_status()
    {
        var owner = await _live.NewUserAsync();
        var id = await _live.StreamIdAsync(owner);
        var fresh = await (await _live.GetAsync($"/api/v1/live/{id}", owner)).ReadJsonAsync();
        Assert.Equal("scheduled", fresh.GetProperty("status").GetString());
        Assert.False(fresh.TryGetProperty("playbackUrl", out _));

        Assert.Contains("'scheduled'", (await (await _live.PostAsync($"/api/v1/live/{id}/end", owner))
            .AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        var live = await (await _live.PostAsync($"/api/v1/live/{id}/start", owner)).ReadJsonAsync();
        Assert.Equal("live", live.GetProperty("status").GetString());
        Assert.Equal($"https://live.example.com/hls/{id}/index.m3u8", live.GetProperty("playbackUrl").GetString());
        Assert.True(live.TryGetProperty("startedAt", out var startedAt) && startedAt.ValueKind == System.Text.Json.JsonValueKind.String);

        foreach (var action in new[] { "start", "cancel" })
        {
            var problem = await (await _live.PostAsync($"/api/v1/live/{id}/{action}", owner)).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("'live'", problem.GetProperty("detail").GetString());
        }
        var ended = await (await _live.PostAsync($"/api/v1/live/{id}/end", owner)).ReadJsonAsync();
        Assert.Equal("ended", ended.GetProperty("status").GetString());
        Assert.False(ended.TryGetProperty("playbackUrl", out _));
        foreach (var action in new[] { "start", "end", "cancel" })
        {
            var problem = await (await _live.PostAsync($"/api/v1/live/{id}/{action}", owner)).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("'ended'", problem.GetProperty("detail").GetString());
        }
        Assert.Equal("ended", await _live.StatusAsync(id));
    }

    [Fact]
    public async Task A_scheduled_broadcast_keeps_its_time_and_can_be_cancelled_but_not_started_afterwards()
    {
        var owner = await _live.NewUserAsync();
        var at = app.Clock.GetUtcNow().AddHours(2);
        var created = await _live.CreateStreamAsync(owner, "Tomorrow", at);
        var id = created.GetProperty("stream").GetProperty("id").GetGuid();
        Assert.Equal(at.ToUnixTimeSeconds(), created.GetProperty("stream").GetProperty("scheduledAt").GetDateTimeOffset().ToUnixTimeSeconds());

        Assert.Equal("cancelled", (await (await _live.PostAsync($"/api/v1/live/{id}/cancel", owner)).ReadJsonAsync()).GetProperty("status").GetString());
        foreach (var action in new[] { "start", "end", "cancel" })
        {
            var problem = await (await _live.PostAsync($"/api/v1/live/{id}/{action}", owner)).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("'cancelled'", problem.GetProperty("detail").GetString());
        }
        var stranger = await _live.NewUserAsync();
        await (await _live.GetAsync($"/api/v1/live/{id}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound); // cancelled: the owner's alone
        Assert.Equal("cancelled", await _live.StatusAsync(id));
    }

    [Fact]
    public async Task Concurrent_starts_leave_exactly_one_broadcast_live_per_account()
    {
        var owner = await _live.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add(await _live.StreamIdAsync(owner, $"Take {i}"));

        var answers = await Task.WhenAll(ids.Select(id => _live.PostAsync($"/api/v1/live/{id}/start", owner)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK)) await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1L, await _live.Posts.ScalarAsync<long>("SELECT count(*) FROM live_streams WHERE user_id = @id AND status = 'live'", new { id = owner.Id }));
        Assert.Equal(5L, await _live.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM live_streams WHERE user_id = @id AND status = 'scheduled' AND started_at IS NULL", new { id = owner.Id }));
    }

    [Fact]
    public async Task The_broadcasters_own_list_pages_every_status_newest_first()
    {
        var owner = await _live.NewUserAsync();
        var first = await _live.StreamIdAsync(owner, "one");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _live.LiveStreamIdAsync(owner, "two");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var third = await _live.StreamIdAsync(owner, "three");
        await _live.PostAsync($"/api/v1/live/{third}/cancel", owner);

        var page = await (await _live.GetAsync("/api/v1/live/mine?limit=2", owner)).ReadJsonAsync();
        Assert.Equal([third, second], LiveClient.Ids(page));
        var next = await (await _live.GetAsync($"/api/v1/live/mine?limit=2&cursor={page.GetProperty("nextCursor").GetString()}", owner)).ReadJsonAsync();
        Assert.Equal([first], LiveClient.Ids(next));
        Assert.False(next.TryGetProperty("nextCursor", out _));
        Assert.Empty(LiveClient.Ids(await (await _live.GetAsync("/api/v1/live/mine", await _live.NewUserAsync())).ReadJsonAsync()));
    }
}
