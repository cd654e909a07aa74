using System.Net;
using Fowergram.Features.Stories;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// The story-expiry job on a database of its own: run with a clock moved weeks ahead it acts on every
/// story, which on the shared database would take media from tests running in parallel.
/// </summary>
public sealed class StoryExpiryJobTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(30);
    private static readonly TimeSpan Window = new StoryOptions().RestoreWindow;
    private readonly StoryClient _client = new(scratch.App);
    private TestClock Clock => scratch.App.Clock;

    private IScheduledJob Job => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "story-expiry");
    private Task RunJobAsync() => Job.RunAsync(Clock.GetUtcNow(), CancellationToken.None);

    private sealed record MediaState(Guid Id, DateTimeOffset? MediaDeletedAt, bool ObjectExists, bool Highlighted);

    private async Task<MediaState> StateAsync(Guid id)
    {
        var row = (await _client.QueryAsync<(string BlobName, DateTimeOffset? MediaDeletedAt, bool Highlighted)>("""
            SELECT blob_name, media_deleted_at, EXISTS (SELECT 1 FROM highlight_stories h WHERE h.story_id = s.id)
              FROM stories s WHERE id = @id
            """, new { id })).Single();
        var exists = await _client.Media.Store.InspectAsync(row.BlobName, 1, CancellationToken.None) is not null;
        return new MediaState(id, row.MediaDeletedAt, exists, row.Highlighted);
    }

    private async Task<Guid> HighlightAsync(Person owner, params Guid[] storyIds) =>
        (await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Keep", storyIds }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_story_whose_object_the_store_refuses_is_recorded_left_until_its_back_off_ends_and_the_next_story_still_goes()
    {
        var owner = await _client.NewUserAsync();
        var (stuck, _) = await _client.CreateStoryAsync(owner);
        var (next, _) = await _client.CreateStoryAsync(owner);
        foreach (var id in new[] { stuck, next })
        {
            await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", owner)).EnsureNoContentAsync();
            await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/stories/deleted/{id}", owner)).EnsureNoContentAsync();
        }
        var blob = (await _client.QueryAsync<string>("SELECT blob_name FROM stories WHERE id = @stuck", new { stuck })).Single();
        var store = new RefusingStore(_client.Media.Store, blob);
        var job = new StoryExpiryJob(_client.Media.Db, store, scratch.App.Services.GetRequiredService<MediaDeleteFailures>(),
            scratch.App.Services.GetRequiredService<IOptions<StoryOptions>>(), scratch.App.Services.GetServices<IExpirySweep>(),
            NullLogger<StoryExpiryJob>.Instance);
        var now = Clock.GetUtcNow();

        await job.RunAsync(now, CancellationToken.None);
        var (stuckState, nextState) = (await StateAsync(stuck), await StateAsync(next));
        var recorded = await RecordsAsync(stuck);
        store.Refusing = false;
        await job.RunAsync(now + TimeSpan.FromMinutes(1), CancellationToken.None); // within the back-off: not tried
        var (heldState, heldAttempts) = (await StateAsync(stuck), store.Attempts);
        await job.RunAsync(now + job.Interval, CancellationToken.None);

        Assert.Equal((true, false), (stuckState.ObjectExists, stuckState.MediaDeletedAt is not null));
        Assert.Equal((false, true), (nextState.ObjectExists, nextState.MediaDeletedAt is not null));
        Assert.Equal(1, recorded);
        Assert.Equal((true, false, 1), (heldState.ObjectExists, heldState.MediaDeletedAt is not null, heldAttempts));
        Assert.Equal((false, true), ((await StateAsync(stuck)).ObjectExists, (await StateAsync(stuck)).MediaDeletedAt is not null));
        Assert.Equal(0, await RecordsAsync(stuck)); // the delete that succeeded cleared it
    }

    private async Task<long> RecordsAsync(Guid storyId) => (await _client.QueryAsync<long>(
        "SELECT count(*) FROM media_delete_failures WHERE job = 'story-expiry' AND subject_id = @storyId", new { storyId })).Single();

    [Fact]
    public void Job_runs_every_quarter_hour_in_both_hosts()
    {
        Assert.IsType<StoryExpiryJob>(Job);
        Assert.Equal("0 */15 * * * *", Job.Schedule);
        Assert.Equal(TimeSpan.FromMinutes(15), Job.Interval);
    }

    [Fact]
    public async Task Media_goes_at_once_for_stories_deleted_for_good_and_after_the_grace_for_expired_ones_in_no_highlight()
    {
        var owner = await _client.NewUserAsync();
        var (expired, _) = await _client.CreateStoryAsync(owner);
        var (highlighted, _) = await _client.CreateStoryAsync(owner);
        var (deleted, _) = await _client.CreateStoryAsync(owner);
        var highlightId = await HighlightAsync(owner, highlighted);
        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{deleted}", owner);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/stories/deleted/{deleted}", owner)).EnsureNoContentAsync();

        await RunJobAsync();
        Assert.False((await StateAsync(deleted)).ObjectExists);
        Assert.True((await StateAsync(expired)).ObjectExists);

        Clock.Advance(TimeSpan.FromHours(24) + Grace - TimeSpan.FromSeconds(1));
        var (live, _) = await _client.CreateStoryAsync(owner);
        await RunJobAsync();
        Assert.True((await StateAsync(expired)).ObjectExists); // still within the grace: the archive shows it

        Clock.Advance(TimeSpan.FromSeconds(2));
        await RunJobAsync();

        var states = new[] { await StateAsync(expired), await StateAsync(highlighted), await StateAsync(live), await StateAsync(deleted) };
        Assert.Equal([false, true, true, false], states.Select(s => s.ObjectExists));
        Assert.Equal([true, false, false, true], states.Select(s => s.MediaDeletedAt is not null));
        var archive = (await _client.GetJsonAsync("/api/v1/users/me/stories/archive", owner)).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetGuid(), s => s.TryGetProperty("media", out _));
        Assert.Equal(new Dictionary<Guid, bool> { [live] = true, [highlighted] = true, [expired] = false }, archive);
        var refused = await _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{highlightId}/stories/{expired}", owner);
        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await StateAsync(expired)).Highlighted);

        // Out of its highlight, the story's media goes on the next run.
        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{highlightId}/stories/{highlighted}", owner);
        await RunJobAsync();
        Assert.False((await StateAsync(highlighted)).ObjectExists);
    }

    [Fact]
    public async Task A_recently_deleted_storys_media_stay_until_its_window_ends_and_a_restored_storys_stay_on()
    {
        var owner = await _client.NewUserAsync();
        var (waiting, _) = await _client.CreateStoryAsync(owner);
        var (restored, _) = await _client.CreateStoryAsync(owner);
        foreach (var id in new[] { waiting, restored }) await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", owner)).EnsureNoContentAsync();
        (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{restored}/restore", owner)).EnsureSuccessStatusCode();

        Clock.Advance(Window - TimeSpan.FromMinutes(1));
        await RunJobAsync();
        Assert.True((await StateAsync(waiting)).ObjectExists);

        Clock.Advance(TimeSpan.FromMinutes(2));
        await RunJobAsync();

        Assert.False((await StateAsync(waiting)).ObjectExists);
        Assert.Null(await _client.ScalarAsync<DateTimeOffset?>("SELECT restorable_until FROM stories WHERE id = @waiting", new { waiting }));
        Assert.True((await StateAsync(restored)).ObjectExists); // expired, in the archive, inside the expired stories' grace
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{waiting}/restore", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_old_highlighted_story_its_owner_deletes_keeps_its_media_while_it_can_be_restored()
    {
        // Expired long ago, kept by its highlight; deleting it takes it out of the highlight, and it is past the expired
        // stories' grace — yet it waits in Recently deleted, so its media must stay for the restore window.
        var owner = await _client.NewUserAsync();
        var (old, _) = await _client.CreateStoryAsync(owner);
        await HighlightAsync(owner, old);
        Clock.Advance(TimeSpan.FromHours(24) + Grace + TimeSpan.FromDays(1));
        await RunJobAsync();
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{old}", owner)).EnsureNoContentAsync();

        await RunJobAsync();

        Assert.True((await StateAsync(old)).ObjectExists);
        (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{old}/restore", owner)).EnsureSuccessStatusCode();

        // Back in its highlight (docs/stories.md "Highlights"), it keeps its media on the next runs too.
        await RunJobAsync();
        Assert.Equal(new MediaState(old, null, true, true), await StateAsync(old));
    }

    [Fact]
    public async Task A_deleted_storys_places_in_highlights_go_with_its_media_when_its_window_ends()
    {
        var owner = await _client.NewUserAsync();
        var (gone, _) = await _client.CreateStoryAsync(owner);
        var (other, _) = await _client.CreateStoryAsync(owner);
        await HighlightAsync(owner, gone, other);
        await HighlightAsync(owner, gone, other);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{gone}", owner)).EnsureNoContentAsync();
        Assert.Equal(2L, await _client.ScalarAsync<long>("SELECT count(*) FROM deleted_highlight_stories WHERE story_id = @gone", new { gone }));

        Clock.Advance(Window + TimeSpan.FromMinutes(1));
        await RunJobAsync();

        Assert.False((await StateAsync(gone)).ObjectExists);
        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM deleted_highlight_stories WHERE story_id = @gone", new { gone }));
        Assert.True((await StateAsync(other)).ObjectExists);
    }

    [Fact]
    public async Task Running_twice_concurrently_late_or_again_ends_in_the_same_state()
    {
        var owner = await _client.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add((await _client.CreateStoryAsync(owner)).Id);
        await HighlightAsync(owner, ids[0], ids[1]);

        Clock.Advance(TimeSpan.FromHours(24) + Grace + TimeSpan.FromDays(100)); // a very late run
        await Task.WhenAll(RunJobAsync(), RunJobAsync(), RunJobAsync());
        var first = await Task.WhenAll(ids.Select(StateAsync));
        Clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync();
        var second = await Task.WhenAll(ids.Select(StateAsync));

        Assert.Equal(first, second);
        Assert.Equal([true, true, false, false, false, false], first.Select(s => s.ObjectExists));
        Assert.All(first.Skip(2), s => Assert.NotNull(s.MediaDeletedAt));
    }

    [Fact]
    public async Task Highlighting_while_the_job_runs_never_leaves_a_highlighted_story_without_media()
    {
        var owner = await _client.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++) ids.Add((await _client.CreateStoryAsync(owner)).Id);
        var highlightId = await HighlightAsync(owner, (await _client.CreateStoryAsync(owner)).Id);
        Clock.Advance(TimeSpan.FromHours(24) + Grace + TimeSpan.FromMinutes(1));

        var adds = ids.Select(id => _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{highlightId}/stories/{id}", owner)).ToList();
        await Task.WhenAll(adds.Cast<Task>().Append(RunJobAsync()).Append(RunJobAsync()));
        await RunJobAsync();

        var states = await Task.WhenAll(ids.Select(StateAsync));
        Assert.All(adds.Select(a => a.Result.StatusCode), s => Assert.Contains(s, new[] { HttpStatusCode.NoContent, HttpStatusCode.Conflict }));
        Assert.All(states, s => Assert.Equal(s.Highlighted, s.ObjectExists));
        Assert.All(states, s => Assert.Equal(s.Highlighted, s.MediaDeletedAt is null));
        Assert.Equal(adds.Count(a => a.Result.StatusCode == HttpStatusCode.NoContent), states.Count(s => s.Highlighted));
    }
}
