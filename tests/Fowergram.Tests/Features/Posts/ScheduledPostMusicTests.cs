using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Music on scheduled posts (docs/posts.md "Music", "Scheduled posts"): checked when scheduled, edited, and again when published.
/// The job publishes every due post of the database and the tests move the clock, so the class has a database of its own.
/// </summary>
public sealed class ScheduledPostMusicTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private const string Path = ScheduledPostsDriver.Path;
    private readonly ScheduledPostsDriver _driver = new(host.App);
    private FeedWorld _w => _driver.World;

    private Task<Guid> TrackAsync(int duration = 120) => MusicTracks.InsertAsync(new StoryClient(host.App), duration, artist: "The Schedule");

    private Task<Guid> PhotoAsync(TestUser user) => _driver.PhotoAsync(user);

    private Task<HttpResponseMessage> ScheduleAsync(TestUser user, Guid upload, object? musicTrackId, object? musicStartSeconds) =>
        _w.SendAsync(HttpMethod.Post, Path, user, new
        {
            publishAt = _w.Now + TimeSpan.FromHours(1), caption = "soon, with a song", media = new[] { new { uploadId = upload } },
            musicTrackId, musicStartSeconds,
        });

    private Task<HttpResponseMessage> PatchAsync(TestUser user, Guid id, object body) => _w.SendAsync(HttpMethod.Patch, $"{Path}/{id}", _w.Fresh(user), body);

    private Task RunJobAsync() => _driver.RunJobAsync();

    private async Task<JsonElement> OnlyPostAsync(TestUser viewer, TestUser author)
    {
        var card = Assert.Single((await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/users/{author.Username}/posts", _w.Fresh(viewer))).ReadJsonAsync())
            .GetProperty("items").EnumerateArray());
        return await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/posts/{card.GetProperty("id").GetGuid()}", _w.Fresh(viewer))).ReadJsonAsync();
    }

    private static (Guid Track, int Start) Clip(JsonElement view) =>
        (view.GetProperty("music").GetProperty("trackId").GetGuid(), view.GetProperty("music").GetProperty("startSeconds").GetInt32());

    private Task<T> ScalarAsync<T>(string sql, object args) => _driver.ScalarAsync<T>(sql, args);

    [Fact]
    public async Task A_scheduled_post_waits_with_its_clip_and_the_job_publishes_it_playing_and_counts_the_use()
    {
        var (author, follower) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(follower, author);
        var track = await TrackAsync();

        var scheduled = await (await ScheduleAsync(author, await PhotoAsync(author), track, 33)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((track, 33), Clip(scheduled));
        var exported = Assert.Single((await (await _w.SendAsync(HttpMethod.Get, "/api/v1/users/me/export", _w.Fresh(author))).ReadJsonAsync())
            .GetProperty("scheduledPosts").EnumerateArray());
        Assert.Equal((track.ToString(), 33), (exported.GetProperty("musicTrackId").GetString(), exported.GetProperty("musicStartSeconds").GetInt32()));

        host.App.Clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync();
        await _w.DrainAsync();

        var post = await OnlyPostAsync(follower, author);
        Assert.Equal((track, 33), Clip(post));
        var item = Assert.Single((await _w.PageAsync(_w.Fresh(follower))).Items);
        Assert.Equal((track, 33), Clip(item));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT usage_count FROM music_track_stats WHERE track_id = @track", new { track }));
    }

    [Fact]
    public async Task A_clip_that_cannot_play_is_refused_naming_the_field_and_claims_nothing()
    {
        var author = await _w.UserAsync();
        var track = await TrackAsync(duration: 60);
        var upload = await PhotoAsync(author);

        await (await ScheduleAsync(author, upload, Guid.NewGuid(), null)).AssertValidationErrorAsync("musicTrackId");
        await (await ScheduleAsync(author, upload, track, 60)).AssertValidationErrorAsync("musicStartSeconds");
        await (await ScheduleAsync(author, upload, null, 5)).AssertValidationErrorAsync("musicStartSeconds");

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM scheduled_posts WHERE user_id = @id", new { id = author.Id }));
        Assert.Equal("pending", await _driver.Media.StatusInDatabaseAsync(upload));
    }

    [Fact]
    public async Task Its_music_is_edited_as_a_posts_is_and_a_bad_edit_changes_nothing()
    {
        var author = await _w.UserAsync();
        var (first, second) = (await TrackAsync(duration: 100), await TrackAsync(duration: 10));
        var id = (await (await ScheduleAsync(author, await PhotoAsync(author), first, 50)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        Assert.Equal((first, 80), Clip(await (await PatchAsync(author, id, new { musicStartSeconds = 80 })).ReadJsonAsync()));
        Assert.Equal((second, 0), Clip(await (await PatchAsync(author, id, new { musicTrackId = second })).ReadJsonAsync()));
        await (await PatchAsync(author, id, new { musicStartSeconds = 10 })).AssertValidationErrorAsync("musicStartSeconds");
        await (await PatchAsync(author, id, new { musicTrackId = Guid.NewGuid() })).AssertValidationErrorAsync("musicTrackId");
        await (await PatchAsync(author, id, new { musicTrackId = (Guid?)null, musicStartSeconds = 1 })).AssertValidationErrorAsync("musicStartSeconds");
        Assert.Equal((second, 0), Clip(await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", _w.Fresh(author))).ReadJsonAsync()));

        var silent = await (await PatchAsync(author, id, new { musicTrackId = (Guid?)null })).ReadJsonAsync();
        Assert.False(silent.TryGetProperty("music", out _));
        await (await PatchAsync(author, id, new { musicStartSeconds = 1 })).AssertValidationErrorAsync("musicStartSeconds");
    }

    [Fact]
    public async Task A_track_withdrawn_before_its_time_keeps_it_scheduled_saying_why_until_its_music_is_changed()
    {
        var author = await _w.UserAsync();
        var track = await TrackAsync();
        var id = (await (await ScheduleAsync(author, await PhotoAsync(author), track, 5)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await using (var conn = await _w.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("DELETE FROM music_tracks WHERE id = @track", new { track });
        host.App.Clock.Advance(TimeSpan.FromHours(1));

        await RunJobAsync();

        var waiting = await (await _w.SendAsync(HttpMethod.Get, $"{Path}/{id}", _w.Fresh(author))).ReadJsonAsync();
        Assert.Contains("music track is no longer available", waiting.GetProperty("failure").GetProperty("reason").GetString());
        Assert.False(waiting.TryGetProperty("music", out _));
        await (await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", _w.Fresh(author))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = author.Id }));

        var fixedUp = await (await PatchAsync(author, id, new { musicTrackId = (Guid?)null })).ReadJsonAsync();
        Assert.False(fixedUp.TryGetProperty("failure", out _));
        await RunJobAsync();
        var post = await OnlyPostAsync(author, author);
        Assert.False(post.TryGetProperty("music", out _));
        Assert.Equal("soon, with a song", post.GetProperty("caption").GetString());
    }
}
