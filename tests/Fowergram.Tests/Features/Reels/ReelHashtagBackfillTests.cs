using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// reel-hashtags-backfill (migration 0094): reels whose captions the app never read — written before reel_hashtags existed,
/// or by another tool — get their tags from the app's own rule; reels written through the API never wait for it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelHashtagBackfillTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private static string Tag() => "backfill" + Guid.NewGuid().ToString("N")[..10];

    private Task RunJobAsync() =>
        app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "reel-hashtags-backfill").RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<Guid> InsertReelAsync(Guid authorId, string? caption)
    {
        var id = Guid.CreateVersion7();
        await _reels.Posts.ScalarAsync<int>("""
            INSERT INTO reels (id, user_id, video_blob_name, duration, caption, created_at, updated_at)
            VALUES (@id, @authorId, 'reels/imported', 15, @caption, @at, @at);
            INSERT INTO reel_stats (reel_id) VALUES (@id);
            SELECT 1
            """, new { id, authorId, caption, at = app.Clock.GetUtcNow() });
        return id;
    }

    [Fact]
    public async Task Reels_the_app_never_read_are_tagged_by_the_job_with_the_apps_own_rule_and_then_leave_its_queue()
    {
        var author = await _reels.NewUserAsync();
        var (sunset, thai) = (Tag(), "ทะเล" + Guid.NewGuid().ToString("N")[..6]);
        var imported = await InsertReelAsync(author.Id, $"Golden hour #{sunset} at the #{thai}!");
        var plain = await InsertReelAsync(author.Id, "");
        var viaApi = await _reels.ReelIdAsync(author, $"Made here #{sunset}");
        Assert.True(await IndexedAsync(viaApi));
        Assert.Equal([viaApi], await ReelsOfAsync(sunset));

        await RunJobAsync();

        Assert.True(await IndexedAsync(imported) && await IndexedAsync(plain));
        Assert.Equal(new[] { imported, viaApi }.Order(), (await ReelsOfAsync(sunset)).Order());
        Assert.Equal([imported], await ReelsOfAsync(Uri.EscapeDataString(thai)));
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reel_hashtags WHERE reel_id = @plain", new { plain }));
        // Once read, the job leaves a reel alone: a second run changes nothing.
        await RunJobAsync();
        Assert.Equal(2L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reel_hashtags WHERE reel_id = @imported", new { imported }));
        // No event tells reel-counters of the job's tags: the job recounts them itself (migration 0155).
        await _reels.SettleAsync(viaApi);
        Assert.Equal((2L, 1L), (await ReelCountAsync(sunset), await ReelCountAsync(Uri.EscapeDataString(thai))));
    }

    /// <summary>
    /// A caption with Turkish İ (U+0130), which .NET's invariant lower-casing left upper-case: the batch's hashtag insert broke
    /// hashtags_name_lower_case, the job threw on every run and no reel behind that one was ever tagged.
    /// </summary>
    [Fact]
    public async Task An_imported_caption_with_a_dotted_capital_i_is_tagged_and_does_not_stall_the_queue()
    {
        var author = await _reels.NewUserAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var imported = await InsertReelAsync(author.Id, $"Boğaz #\u0130stanbul{suffix}");

        await RunJobAsync();

        Assert.True(await IndexedAsync(imported));
        Assert.Equal([imported], await ReelsOfAsync($"istanbul{suffix}"));
    }

    [Fact]
    public async Task An_edit_before_the_job_tags_the_reel_itself_and_the_job_keeps_the_stored_caption()
    {
        var author = await _reels.NewUserAsync();
        var (old, current) = (Tag(), Tag());
        var edited = await InsertReelAsync(author.Id, $"#{old}");
        var waiting = await InsertReelAsync(author.Id, $"#{old}");

        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{edited}", author, new { caption = $"now #{current}" })).ReadJsonAsync();
        Assert.True(await IndexedAsync(edited));
        await _reels.Posts.ScalarAsync<int>("UPDATE reels SET caption = @caption WHERE id = @waiting; SELECT 1", new { waiting, caption = $"also #{current}" });
        await RunJobAsync();

        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>(
            "SELECT count(*) FROM reel_hashtags rh JOIN hashtags h ON h.id = rh.hashtag_id WHERE h.name = @old", new { old }));
        Assert.Equal(new[] { edited, waiting }.Order(), (await ReelsOfAsync(current)).Order());
        await _reels.SettleAsync(edited);
        Assert.Equal(2L, await ReelCountAsync(current)); // one tagged by the edit's event, one by the job
    }

    [Fact]
    public async Task The_job_tags_a_reel_whose_like_is_in_flight_without_waiting_for_it()
    {
        var author = await _reels.NewUserAsync();
        var tag = Tag();
        var liked = await InsertReelAsync(author.Id, $"#{tag}");

        // What the foreign key check of a like, comment or view of the reel holds until its transaction ends. The job's lock
        // (FOR NO KEY UPDATE) does not conflict with it; FOR UPDATE did, so SKIP LOCKED left a reel being liked untagged.
        await using var liker = await _reels.Posts.Db.OpenConnectionAsync();
        await using var inFlight = await liker.BeginTransactionAsync();
        Assert.Equal(1, await liker.ExecuteScalarAsync<int>("SELECT 1 FROM reels WHERE id = @liked FOR KEY SHARE", new { liked }, inFlight));
        await RunJobAsync();
        await inFlight.CommitAsync();

        Assert.True(await IndexedAsync(liked));
        Assert.Equal([liked], await ReelsOfAsync(tag));
    }

    private async Task<long> ReelCountAsync(string name) =>
        (await (await _reels.GetAsync($"/api/v1/hashtags/{name}", null)).ReadJsonAsync()).GetProperty("reelCount").GetInt64();

    private Task<bool> IndexedAsync(Guid reelId) =>
        _reels.Posts.ScalarAsync<bool>("SELECT hashtags_indexed FROM reels WHERE id = @reelId", new { reelId });

    private async Task<List<Guid>> ReelsOfAsync(string name) =>
        Videos.VideosClient.Ids(await (await _reels.GetAsync($"/api/v1/hashtags/{name}/reels", null)).ReadJsonAsync());
}
