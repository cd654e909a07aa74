using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Another user's ids on every video and series write: 404, and the database is exactly as it was.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoIdorTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task Writes_with_someone_elses_ids_are_404_and_change_nothing()
    {
        var victim = await _videos.NewUserAsync();
        var attacker = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(victim, "Mine");
        var video = await _videos.VideoIdAsync(victim, "Mine", seriesId: series);
        var draft = await _videos.VideoIdAsync(victim, "Secret", published: false);
        var victimsUpload = await _videos.UploadAsync(victim);
        var attackersSeries = await _videos.SeriesIdAsync(attacker);
        var before = await StateAsync(victim);

        var attempts = new[]
        {
            await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", attacker, new { title = "pwned" }),
            await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", attacker, new { seriesId = attackersSeries }),
            await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}", attacker),
            await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/unpublish", attacker),
            await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/publish", attacker),
            await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/views", attacker),
            await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/series/{series}", attacker, new { title = "pwned" }),
            await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/series/{series}", attacker),
            await _videos.CreateAsync(attacker, new { uploadId = victimsUpload.UploadId, title = "stolen", durationSeconds = 10 }),
        };

        foreach (var attempt in attempts) await attempt.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync(victim));
        Assert.Equal("pending", await _videos.Posts.Media.StatusInDatabaseAsync(victimsUpload.UploadId));
        Assert.Empty(VideosClient.Ids(await (await _videos.GetAsync("/api/v1/videos/drafts", attacker)).ReadJsonAsync()));
    }

    private Task<string> StateAsync(TestUser victim) => _videos.Posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT string_agg(v.id::text || v.title || coalesce(v.series_id::text, '-') || v.is_published || coalesce(v.deleted_at::text, '-'),
                               ',' ORDER BY v.id) FROM igtv_videos v WHERE v.user_id = @victim),
            (SELECT string_agg(s.id::text || s.title, ',' ORDER BY s.id) FROM igtv_series s WHERE s.user_id = @victim),
            (SELECT count(*) FROM igtv_views w JOIN igtv_videos v ON v.id = w.video_id WHERE v.user_id = @victim),
            (SELECT count(*) FROM outbox o JOIN igtv_videos v ON o.payload->>'videoId' = v.id::text WHERE v.user_id = @victim))
        """, new { victim = victim.Id });
}
