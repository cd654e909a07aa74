using System.Net;
using System.Text.Json;
using Fowergram.Features.Reels;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>"Recently deleted" reels (migration 0162): a deleted reel waits for its author, who may restore it or delete it for good.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelsRecentlyDeletedTests(FowergramApp app)
{
    private static readonly TimeSpan Window = new ReelsOptions().RestoreWindow;
    private readonly ReelsClient _reels = new(app);

    private Task<HttpResponseMessage> DeleteAsync(TestUser user, Guid reelId) => _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}", user);

    private Task<HttpResponseMessage> RestoreAsync(TestUser user, Guid reelId) => _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/restore", user);

    private Task<HttpResponseMessage> ForgetAsync(TestUser user, Guid reelId) =>
        _reels.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/reels/deleted/{reelId}", user);

    private async Task<List<JsonElement>> ListAsync(TestUser user) =>
        (await (await _reels.GetAsync("/api/v1/users/me/reels/deleted", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private Task<DateTimeOffset?> ReleasedAtAsync(Guid reelId) => _reels.Posts.ScalarAsync<DateTimeOffset?>(
        "SELECT u.released_at FROM reels r JOIN uploads u ON u.id = r.upload_id WHERE r.id = @reelId", new { reelId });

    [Fact]
    public async Task A_deleted_reel_waits_in_its_authors_list_with_its_video_released_only_as_of_the_end_of_its_window()
    {
        var (author, other) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var reelId = await _reels.ReelIdAsync(author, "gone for now");
        var deletedAt = app.Clock.GetUtcNow();

        await (await DeleteAsync(author, reelId)).EnsureNoContentAsync();

        var item = Assert.Single(await ListAsync(author));
        Assert.Equal(reelId, item.GetProperty("reel").GetProperty("id").GetGuid());
        Assert.StartsWith("http", item.GetProperty("reel").GetProperty("video").GetProperty("url").GetString());
        Assert.Equal(deletedAt, item.GetProperty("deletedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(deletedAt + Window, item.GetProperty("restorableUntil").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(deletedAt + Window, (await ReleasedAtAsync(reelId))!.Value, TimeSpan.FromMilliseconds(1));
        await (await _reels.GetAsync($"/api/v1/reels/{reelId}", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ListAsync(other));
    }

    [Fact]
    public async Task Restoring_brings_the_reel_back_with_its_video_kept_and_its_sounds_count()
    {
        var (author, fan) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var track = await _reels.AudioTrackAsync();
        var reelId = await _reels.ReelIdAsync(author, "with a sound", track);
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/like", fan)).EnsureNoContentAsync();
        await _reels.SettleAsync(reelId);
        await (await DeleteAsync(author, reelId)).EnsureNoContentAsync();
        await _reels.SettleAsync(reelId);
        Assert.Equal(0L, await UsageAsync(track));

        var restored = await (await RestoreAsync(author, reelId)).ReadJsonAsync();
        await _reels.SettleAsync(reelId);

        Assert.Equal((reelId, 1L), (restored.GetProperty("id").GetGuid(), restored.GetProperty("likeCount").GetInt64()));
        Assert.Null(await ReleasedAtAsync(reelId));
        Assert.Equal(1L, await UsageAsync(track));
        var tab = await (await _reels.GetAsync($"/api/v1/users/{author.Username}/reels", fan)).ReadJsonAsync();
        Assert.Equal(reelId, Assert.Single(tab.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Empty(await ListAsync(author));
        Assert.Equal(reelId, (await (await RestoreAsync(author, reelId)).ReadJsonAsync()).GetProperty("id").GetGuid()); // a retry: the same 200
        Assert.Single(await _reels.EventsAsync(reelId), e => e.Type == ReelEvents.Restored);
    }

    [Fact]
    public async Task Deleting_for_good_releases_the_video_now_and_ends_restoring()
    {
        var author = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        await (await DeleteAsync(author, reelId)).EnsureNoContentAsync();

        await (await ForgetAsync(author, reelId)).EnsureNoContentAsync();

        Assert.Equal(app.Clock.GetUtcNow(), (await ReleasedAtAsync(reelId))!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Empty(await ListAsync(author));
        await (await RestoreAsync(author, reelId)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(author, reelId)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_accounts_reel_deleted_or_live_is_a_404_and_nothing_changes()
    {
        var (author, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var (deleted, live) = (await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author));
        await (await DeleteAsync(author, deleted)).EnsureNoContentAsync();
        var before = await StateAsync(deleted, live);

        await (await RestoreAsync(stranger, deleted)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(stranger, deleted)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(stranger, live)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(author, live)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await StateAsync(deleted, live));
        Assert.Single(await ListAsync(author));
    }

    [Fact]
    public async Task A_reel_past_its_window_is_neither_listed_nor_restorable()
    {
        var author = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author);
        await (await DeleteAsync(author, reelId)).EnsureNoContentAsync();
        await _reels.Posts.ExecuteAsync("UPDATE reels SET deleted_at = deleted_at - @back, restorable_until = restorable_until - @back WHERE id = @reelId",
            new { reelId, back = Window + TimeSpan.FromMinutes(1) });

        Assert.Empty(await ListAsync(author));
        await (await RestoreAsync(author, reelId)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(author, reelId)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_requests_are_problems()
    {
        var author = await _reels.NewUserAsync();
        await (await RestoreAsync(author, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Post, "/api/v1/reels/not-an-id/restore", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Delete, "/api/v1/users/me/reels/deleted/not-an-id", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.GetAsync("/api/v1/users/me/reels/deleted?limit=51", author)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _reels.GetAsync("/api/v1/users/me/reels/deleted", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<long> UsageAsync(Guid track) =>
        _reels.Posts.ScalarAsync<long>("SELECT coalesce((SELECT usage_count FROM audio_track_stats WHERE track_id = @track), 0)", new { track });

    private Task<string> StateAsync(params Guid[] ids) => _reels.Posts.ScalarAsync<string>("""
        SELECT string_agg(concat(r.id, r.deleted_at, r.restorable_until, r.updated_at, u.released_at), ',' ORDER BY r.id)
        FROM reels r JOIN uploads u ON u.id = r.upload_id WHERE r.id = ANY(@ids)
        """, new { ids });
}
