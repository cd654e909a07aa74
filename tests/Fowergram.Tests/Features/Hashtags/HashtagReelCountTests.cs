using System.Net;
using System.Text.Json;
using Fowergram.Features.Reels;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>
/// reelCount beside postCount on a hashtag's page, in hashtag search and in trending (hashtag_stats.reel_count, migration 0155):
/// the live reels carrying the tag, kept exact by reel-counters on reel.created, reel.deleted and caption edits.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HashtagReelCountTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;
    private ConsumerRunner Runner => app.Services.GetRequiredService<ConsumerRunner>();

    /// <summary>
    /// One delivery to reel-counters, tried again after a deadlock as both hosts try a failed delivery again: another test's
    /// host draining the shared outbox can run the same events at the same moment, claiming them in another order.
    /// </summary>
    private async Task DeliverAsync(EventEnvelope e)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await Runner.RunAsync(ReelCountersConsumer.ConsumerName, e, CancellationToken.None); return; }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DeadlockDetected && attempt < 3) { }
        }
    }

    private static string NewTag() => "reelcount" + Guid.NewGuid().ToString("N")[..12];

    private static (long Posts, long Reels) Counts(JsonElement item) => (item.GetProperty("postCount").GetInt64(), item.GetProperty("reelCount").GetInt64());

    private async Task<(long Posts, long Reels)> PageAsync(string tag) =>
        Counts(await (await _reels.GetAsync($"/api/v1/hashtags/{tag}", null)).ReadJsonAsync());

    private async Task<(long Posts, long Reels)> SearchAsync(string tag)
    {
        var body = await (await _reels.GetAsync($"/api/v1/hashtags/search?q={tag}", null)).ReadJsonAsync();
        return Counts(body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == tag));
    }

    private async Task<(long Recent, long Posts, long Reels)> TrendingAsync(string tag)
    {
        var body = await (await _reels.GetAsync("/api/v1/hashtags/trending?limit=50", null)).ReadJsonAsync();
        var item = body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == tag);
        var (posts, reels) = Counts(item);
        return (item.GetProperty("recentPostCount").GetInt64(), posts, reels);
    }

    [Fact]
    public async Task Reels_made_at_once_with_a_tag_are_counted_exactly_and_apart_from_its_posts_on_the_page_search_and_trending()
    {
        var tag = NewTag();
        var authors = new List<TestUser>();
        for (var i = 0; i < 6; i++) authors.Add(await _reels.NewUserAsync());
        // Thirty reels at once (five per account): every recount of the tag races the others.
        var reels = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => _reels.ReelIdAsync(authors[i % 6], $"Take {i} #{tag}")));
        var post = await Posts.PostIdAsync(authors[0], $"Also a photo #{tag}");
        await _reels.SettleAsync(reels);
        await Posts.SettleAsync(post);

        Assert.Equal((1L, 30L), await PageAsync(tag));
        Assert.Equal((1L, 30L), await SearchAsync(tag));
        Assert.Equal((31L, 1L, 30L), await TrendingAsync(tag)); // the window counts posts and reels together (0120)

        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reels[0]}", authors[0])).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", authors[0])).EnsureNoContentAsync();
        await _reels.SettleAsync(reels[0]);
        await Posts.SettleAsync(post);

        Assert.Equal((0L, 29L), await PageAsync(tag)); // the post's deletion leaves the reels' count alone
        Assert.Equal((0L, 29L), await SearchAsync(tag));
        Assert.Equal((29L, 0L, 29L), await TrendingAsync(tag));
    }

    [Fact]
    public async Task A_caption_edit_moves_the_reel_from_the_tags_it_drops_to_those_it_adds_and_other_edits_recount_nothing()
    {
        var author = await _reels.NewUserAsync();
        var (kept, dropped, added) = (NewTag(), NewTag(), NewTag());
        var reel = await _reels.ReelIdAsync(author, $"#{kept} #{dropped}");
        var post = await Posts.PostIdAsync(author, $"#{added}"); // the hashtag exists, with a post and no reel yet
        await _reels.SettleAsync(reel);
        await Posts.SettleAsync(post);
        Assert.Equal((0L, 1L), await PageAsync(dropped));

        var edit = await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", author, new { caption = $"#{added} and #{kept.ToUpperInvariant()}" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", author, new { location = "Lisbon" })).ReadJsonAsync();
        await _reels.SettleAsync(reel);

        Assert.Equal((0L, 1L), await PageAsync(kept));
        // Used by nothing now, the tag answers as an unknown one (HashtagPrivateUseTests); its stored count is 0.
        await (await _reels.GetAsync($"/api/v1/hashtags/{dropped}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await Posts.ScalarAsync<long>(
            "SELECT s.reel_count FROM hashtag_stats s JOIN hashtags h ON h.id = s.hashtag_id WHERE h.name = @dropped", new { dropped }));
        Assert.Equal((1L, 1L), await PageAsync(added));
        // The caption edit names dropped and added (kept is not recounted); the location edit names none. One clock instant: any order.
        var updates = (await _reels.EventsAsync(reel)).Where(e => e.Type == ReelEvents.Updated).Select(e => e.PayloadAs<ReelEvent>().ChangedHashtagIds?.Length);
        Assert.Equal(new int?[] { null, 2 }, updates.Order());
    }

    [Fact]
    public async Task A_private_accounts_reels_count_as_its_posts_do_though_the_tabs_show_them_to_followers_only()
    {
        var author = await _reels.NewUserAsync(isPrivate: true);
        var tag = NewTag();
        var reel = await _reels.ReelIdAsync(author, $"#{tag}");
        var post = await Posts.PostIdAsync(author, $"#{tag}");
        await _reels.SettleAsync(reel);
        await Posts.SettleAsync(post);

        var page = await (await _reels.GetAsync($"/api/v1/hashtags/{tag}", author)).ReadJsonAsync();
        Assert.Equal((1L, 1L), Counts(page));
        // To whoever may see none of its uses the tag is unknown, counts and all (HashtagPrivateUseTests).
        await (await _reels.GetAsync($"/api/v1/hashtags/{tag}", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync($"/api/v1/hashtags/{tag}/reels", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reel_events_delivered_in_reverse_and_twice_leave_the_true_count()
    {
        var author = await _reels.NewUserAsync();
        var tag = NewTag();
        var kept = await _reels.ReelIdAsync(author, $"#{tag}");
        var gone = await _reels.ReelIdAsync(author, $"#{tag}");
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{gone}", author)).EnsureNoContentAsync();
        var events = (await _reels.EventsAsync(kept, gone)).Where(e => e.Type is ReelEvents.Created or ReelEvents.Deleted).ToList();

        foreach (var e in Enumerable.Reverse(events)) await DeliverAsync(e);
        await Task.WhenAll(events.Select(DeliverAsync));
        await _reels.SettleAsync(kept, gone);

        Assert.Equal((0L, 1L), await PageAsync(tag));
    }
}
