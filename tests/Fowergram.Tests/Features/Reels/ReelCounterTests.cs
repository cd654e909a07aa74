using System.Net;
using Fowergram.Features.Reels;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Exact reel counters under concurrency, duplicates and reordering, through the outbox and reel-counters.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelCounterTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private ConsumerRunner Runner => app.Services.GetRequiredService<ConsumerRunner>();

    [Fact]
    public async Task Two_hundred_users_liking_at_once_make_exactly_two_hundred()
    {
        var author = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        var likers = new List<TestUser>();
        for (var i = 0; i < 200; i++) likers.Add(await _reels.NewUserAsync());

        var responses = await Task.WhenAll(likers.Select(u => _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", u)));
        await _reels.SettleAsync(reelId);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(200L, await _reels.LikeRowsAsync(reelId));
        Assert.Equal(200L, await _reels.StatAsync(reelId, "like_count"));
        var reel = await (await _reels.GetAsync($"/api/v1/reels/{reelId}", author)).ReadJsonAsync();
        Assert.Equal(200, reel.GetProperty("likeCount").GetInt32());
    }

    [Fact]
    public async Task One_user_liking_twenty_times_at_once_makes_one_like_and_one_event()
    {
        var author = await _reels.NewUserAsync();
        var liker = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", liker)));
        await _reels.SettleAsync(reelId);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(1L, await _reels.LikeRowsAsync(reelId));
        Assert.Equal(1L, await _reels.StatAsync(reelId, "like_count"));
        Assert.Single(await _reels.EventsAsync(reelId), e => e.Type == ReelEvents.Liked);
        Assert.True((await (await _reels.GetAsync($"/api/v1/reels/{reelId}", liker)).ReadJsonAsync()).GetProperty("isLiked").GetBoolean());
    }

    [Fact]
    public async Task A_like_unlike_storm_ends_with_the_true_count()
    {
        var author = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        var users = new List<TestUser>();
        for (var i = 0; i < 30; i++) users.Add(await _reels.NewUserAsync());

        // Each user likes, unlikes and likes again, all users at once; every third ends unliked.
        await Task.WhenAll(users.Select(async (u, i) =>
        {
            await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", u);
            await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/like", u);
            if (i % 3 != 0) await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", u);
        }));
        await _reels.SettleAsync(reelId);

        Assert.Equal(20L, await _reels.LikeRowsAsync(reelId));
        Assert.Equal(20L, await _reels.StatAsync(reelId, "like_count"));
    }

    [Fact]
    public async Task An_unlike_delivered_before_its_like_and_duplicate_deliveries_leave_the_true_count()
    {
        var author = await _reels.NewUserAsync();
        var liker = await _reels.NewUserAsync();
        var other = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        await _reels.SettleAsync(reelId);
        // Made over HTTP; their events are then delivered by hand, the unlike first, then everything again and at once.
        await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", other);
        await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", liker);
        await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/like", liker);
        var events = (await _reels.EventsAsync(reelId)).Where(e => e.Type is ReelEvents.Liked or ReelEvents.Unliked).ToList();
        var unlike = events.Single(e => e.Type == ReelEvents.Unliked);

        await Runner.RunAsync(ReelCountersConsumer.ConsumerName, unlike, CancellationToken.None);
        Assert.Equal(1L, await _reels.StatAsync(reelId, "like_count")); // never below the rows, never negative
        foreach (var e in events.Append(unlike).Reverse()) await Runner.RunAsync(ReelCountersConsumer.ConsumerName, e, CancellationToken.None);
        await Task.WhenAll(events.Select(e => Runner.RunAsync(ReelCountersConsumer.ConsumerName, e, CancellationToken.None)));
        await _reels.SettleAsync(reelId);

        Assert.Equal(1L, await _reels.LikeRowsAsync(reelId));
        Assert.Equal(1L, await _reels.StatAsync(reelId, "like_count"));
    }

    [Fact]
    public async Task A_play_counts_once_per_viewer_within_the_reels_length_and_the_author_does_not_count()
    {
        var author = await _reels.NewUserAsync();
        var viewer = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        var play = $"/api/v1/reels/{reelId}/views";

        // A client retrying (here: twenty copies at once) counts one play.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _reels.SendAsync(HttpMethod.Post, play, viewer)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        await _reels.SendAsync(HttpMethod.Post, play, author);
        await _reels.SettleAsync(reelId);
        Assert.Equal((1L, 1L), (await _reels.StatAsync(reelId, "view_count"), await _reels.StatAsync(reelId, "play_count")));

        // Once the reel's length has passed since the counted play, watching again is a second play by the same viewer.
        await _reels.Posts.ExecuteAsync("""
            UPDATE reel_views SET first_viewed_at = first_viewed_at - interval '1 minute', last_played_at = last_played_at - interval '1 minute'
            WHERE reel_id = @reelId
            """, new { reelId });
        await _reels.SendAsync(HttpMethod.Post, play, viewer);
        await _reels.SendAsync(HttpMethod.Post, play, viewer);
        await _reels.SettleAsync(reelId);

        Assert.Equal((1L, 2L), (await _reels.StatAsync(reelId, "view_count"), await _reels.StatAsync(reelId, "play_count")));
        var reel = await (await _reels.GetAsync($"/api/v1/reels/{reelId}", null)).ReadJsonAsync();
        Assert.Equal((1, 2), (reel.GetProperty("viewCount").GetInt32(), reel.GetProperty("playCount").GetInt32()));
    }

    [Fact]
    public async Task A_sounds_usage_counts_its_live_reels()
    {
        var author = await _reels.NewUserAsync();
        var audio = await _reels.AudioTrackAsync();
        var first = await _reels.ReelIdAsync(author, audioTrackId: audio);
        var second = await _reels.ReelIdAsync(author, audioTrackId: audio);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{first}", author)).EnsureNoContentAsync();
        await _reels.SettleAsync(first, second);

        var page = await (await _reels.GetAsync($"/api/v1/audio/{audio}/reels", null)).ReadJsonAsync();
        Assert.Equal(1, page.GetProperty("reelCount").GetInt32());
        Assert.Equal([second], page.GetProperty("reels").GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(audio, page.GetProperty("audio").GetProperty("id").GetGuid());
    }
}
