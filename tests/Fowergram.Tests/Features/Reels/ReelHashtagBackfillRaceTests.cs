using System.Net;
using Dapper;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// reel-hashtags-backfill beside a caption written through the API. A new hashtag's row is held by the transaction that
/// inserted it until it ends, so every writer creates its new tags in one order (by name, in one statement). The job
/// created them reel by reel across its batch: holding a tag of an early reel, it waited for a later reel's tag that a
/// request had just created, while the request waited for the job's tag: a deadlock, the request's 503 or the job's failure.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelHashtagBackfillRaceTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Fact]
    public async Task The_job_and_a_new_reel_creating_the_same_new_tags_take_them_in_one_order()
    {
        var author = await _reels.NewUserAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var (first, second) = ($"a{suffix}", $"b{suffix}");
        // Imported reels, read by the job in id order (old enough to lead its batch): the later tag's reel first, then one whose
        // stale tag the test holds, then the earlier tag's reel.
        var start = app.Clock.GetUtcNow().AddDays(-400);
        var laterTag = await ImportAsync(author.Id, start, $"#{second}");
        var held = await ImportAsync(author.Id, start.AddSeconds(1), "");
        await ImportAsync(author.Id, start.AddSeconds(2), $"#{first}");
        await _reels.Posts.ScalarAsync<int>("""
            INSERT INTO hashtags (id, name) VALUES (@tag, @name);
            INSERT INTO reel_hashtags (reel_id, hashtag_id, author_id, reel_created_at) SELECT @held, @tag, user_id, now() FROM reels WHERE id = @held;
            SELECT 1
            """, new { tag = Guid.CreateVersion7(), name = $"stale{suffix}", held });
        var video = await _reels.VideoAsync(author);

        await using var holder = await _reels.Posts.Db.OpenConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM reel_hashtags WHERE reel_id = @held FOR KEY SHARE", new { held }, holding);
        var job = Task.Run(() => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "reel-hashtags-backfill")
            .RunAsync(app.Clock.GetUtcNow(), CancellationToken.None));
        var jobPid = await TransactionRace.BlockedByAsync(_reels.Posts.Db, holder.ProcessID, job);
        Assert.True(jobPid is not null, "The job did not reach the reel whose tag the test holds.");

        // The new reel waits for the tag the job created; the job then goes on to the tag the reel may not hold meanwhile.
        var creating = _reels.CreateAsync(author, new { uploadId = video.UploadId, caption = $"#{first} #{second}", durationSeconds = 10 });
        await TransactionRace.WaitUntilBlockedByAsync(_reels.Posts.Db, jobPid.Value, creating);
        await holding.CommitAsync();

        await job;
        var reel = (await (await creating).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(2L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM reel_hashtags WHERE reel_id = @reel", new { reel }));
        Assert.True(await _reels.Posts.ScalarAsync<bool>("SELECT hashtags_indexed FROM reels WHERE id = @laterTag", new { laterTag }));
    }

    private async Task<Guid> ImportAsync(Guid authorId, DateTimeOffset at, string caption)
    {
        var id = Guid.CreateVersion7(at);
        await _reels.Posts.ScalarAsync<int>("""
            INSERT INTO reels (id, user_id, video_blob_name, duration, caption, created_at, updated_at)
            VALUES (@id, @authorId, 'reels/imported', 15, @caption, @at, @at);
            INSERT INTO reel_stats (reel_id) VALUES (@id);
            SELECT 1
            """, new { id, authorId, caption, at });
        return id;
    }
}
