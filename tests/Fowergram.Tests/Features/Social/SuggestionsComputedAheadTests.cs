using System.Text.Json;
using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Suggestions computed ahead (migration 0229, docs/social-graph.md "Suggestions"): with Suggestions:InlineGraphLimit at 0
/// every caller who follows anyone is "large", so the route reads what suggestions-refresh stored and re-checks it. The host
/// has its own clock (the job and the route's freshness are driven by it) and runs the job only when a test does. Its
/// Suggestions:ComputeTimeout is a second: far above what these tiny graphs take, so only a computation a test makes wait
/// times out; so is its SampleTimeout, so that the sample tried after such a timeout (SuggestionsSampledTests) gives up as
/// quickly on the same wait.
/// </summary>
[Collection(SuggestionsJobCollection.Name)]
public sealed class SuggestionsComputedAheadTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock(b =>
    {
        b.Configuration["Suggestions:InlineGraphLimit"] = "0";
        b.Configuration["Suggestions:ComputeTimeout"] = "00:00:01";
        b.Configuration["Suggestions:SampleTimeout"] = "00:00:01";
        b.Configuration["Auth:AccessTokenLifetime"] = "3.00:00:00";
    });
    private SocialWorld _w = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _w = new SocialWorld(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<int> RunJobAsync(CancellationToken ct = default) =>
        ((SuggestionsRefreshJob)_app.Services.GetServices<IScheduledJob>().Single(j => j.Name == SuggestionsRefreshJob.JobName))
        .RefreshAsync(_app.Clock.GetUtcNow(), ct);

    private async Task<JsonElement> SuggestionsAsync(SocialUser me) =>
        await (await _w.GetAsync("/api/v1/users/me/suggestions", me)).ReadJsonAsync();

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    /// <summary>A time as PostgreSQL stores it (microseconds).</summary>
    private static DateTimeOffset Stored(DateTimeOffset at) => new(at.Ticks - at.Ticks % 10, at.Offset);

    /// <summary>Null when the answer has no computedAt (the API leaves null fields out).</summary>
    private static DateTimeOffset? ComputedAt(JsonElement page) =>
        page.TryGetProperty("computedAt", out var at) ? at.GetDateTimeOffset() : null;

    private static Task<DateTimeOffset?> RunComputedAtAsync(SocialUser user) =>
        SocialWorld.ScalarAsync<DateTimeOffset?>("SELECT computed_at FROM user_suggestion_runs WHERE user_id = @Id", new { user.Id });

    [Fact]
    public async Task A_large_graph_reads_the_list_the_job_computed_and_a_read_of_an_old_list_asks_for_a_new_one()
    {
        var me = await _w.UserAsync();
        var (f1, f2) = (await _w.UserAsync(label: "a"), await _w.UserAsync(label: "b"));
        var (popular, single) = (await _w.UserAsync(), await _w.UserAsync(label: "y"));
        foreach (var f in new[] { f1, f2 })
        {
            await _w.FollowAsync(me, f);
            await _w.FollowAsync(f, popular);
        }
        await _w.FollowAsync(f1, single);

        // Nothing stored yet: no items, and no computedAt says the list is pending rather than empty.
        var pending = await SuggestionsAsync(me);
        Assert.Empty(Ids(pending));
        Assert.Null(ComputedAt(pending));

        var computedAt = Stored(_app.Clock.GetUtcNow());
        Assert.True(await RunJobAsync() >= 1);
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        var page = await SuggestionsAsync(me);
        Assert.Equal([popular.Id, single.Id], Ids(page));
        Assert.Equal(computedAt, ComputedAt(page));
        Assert.Equal(2, page.GetProperty("items")[0].GetProperty("mutualCount").GetInt64());
        Assert.Equal($"Followed by {f1.Username} and {f2.Username}", page.GetProperty("items")[0].GetProperty("reason").GetString());

        // A new friend's follows are not in the stored list until it is computed again...
        var (f3, newcomer) = (await _w.UserAsync(), await _w.UserAsync(label: "z"));
        await _w.FollowAsync(f3, newcomer);
        await _w.FollowAsync(me, f3);
        Assert.Equal([popular.Id, single.Id], Ids(await SuggestionsAsync(me)));
        await RunJobAsync(); // a fresh list is not due
        Assert.Equal(computedAt, await RunComputedAtAsync(me));

        // ...which a read of a list older than Suggestions:FreshFor asks for; the job replaces the list.
        _app.Clock.Advance(new SuggestionsOptions().FreshFor);
        Assert.Equal([popular.Id, single.Id], Ids(await SuggestionsAsync(me)));
        var recomputedAt = Stored(_app.Clock.GetUtcNow());
        Assert.True(await RunJobAsync() >= 1);
        var fresh = await SuggestionsAsync(me);
        Assert.Equal([popular.Id, single.Id, newcomer.Id], Ids(fresh));
        Assert.Equal(recomputedAt, ComputedAt(fresh));
        Assert.Equal(3L, await SocialWorld.ScalarAsync<long>("SELECT count(*) FROM user_suggestions WHERE user_id = @Id", new { me.Id }));
    }

    [Fact]
    public async Task A_stored_suggestion_followed_requested_blocked_muted_dismissed_or_gone_since_is_left_out_at_once_and_a_notes_mute_keeps_it()
    {
        var (me, friend, other) = (await _w.UserAsync(), await _w.UserAsync(label: "a"), await _w.UserAsync(label: "b"));
        await _w.FollowAsync(me, friend);
        await _w.FollowAsync(me, other);
        var (followed, requested, blocked, blocking, muted, dismissed, gone, kept) = (await _w.UserAsync(), await _w.UserAsync(isPrivate: true),
            await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var notesMuted = await _w.UserAsync();
        var all = new[] { followed, requested, blocked, blocking, muted, dismissed, gone, kept, notesMuted };
        foreach (var c in all) await _w.FollowApprovedAsync(friend, c);
        await _w.FollowApprovedAsync(other, kept);
        await SuggestionsAsync(me);
        await RunJobAsync();
        Assert.Equal(all.Select(c => c.Id).Order(), Ids(await SuggestionsAsync(me)).Order());

        await _w.FollowAsync(me, followed);
        await _w.FollowAsync(me, requested);
        await _w.BlockAsync(me, blocked);
        await _w.BlockAsync(blocking, me);
        await _w.MuteAsync(me, muted);
        await _w.MuteNotesAsync(me, notesMuted); // the notes tray's alone: still suggested, as computed on the request
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/suggestions/{dismissed.Username}", me),
            System.Net.HttpStatusCode.NoContent);
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { gone.Id });
        // A named mutual the caller no longer follows is no longer named, nor counted.
        await _w.UnfollowAsync(me, other);

        var page = await SuggestionsAsync(me);
        Assert.Equal([kept.Id, notesMuted.Id], Ids(page));
        Assert.Equal(1, page.GetProperty("items")[0].GetProperty("mutualCount").GetInt64());
        Assert.Equal($"Followed by {friend.Username}", page.GetProperty("items")[0].GetProperty("reason").GetString());
        Assert.NotNull(ComputedAt(page)); // the stored list, not a new computation
        Assert.Equal(9L, await SocialWorld.ScalarAsync<long>("SELECT count(*) FROM user_suggestions WHERE user_id = @Id", new { me.Id }));
    }

    [Fact]
    public async Task The_job_skips_a_run_another_holds_and_computes_it_on_a_later_run()
    {
        var (held, free, friend, candidate) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(friend, candidate);
        foreach (var u in new[] { held, free })
        {
            await _w.FollowAsync(u, friend);
            Assert.Null(ComputedAt(await SuggestionsAsync(u)));
        }

        // What another instance of the job holds while it computes that user's list.
        await using var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync();
        await using (var other = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("SELECT 1 FROM user_suggestion_runs WHERE user_id = @Id FOR NO KEY UPDATE", new { held.Id }, other);
            await RunJobAsync();
            Assert.NotNull(await RunComputedAtAsync(free));
            Assert.Null(await RunComputedAtAsync(held));
            // A read does not wait for the held run either.
            Assert.Null(ComputedAt(await SuggestionsAsync(held)));
            await other.CommitAsync();
        }
        await RunJobAsync();
        Assert.Equal([candidate.Id], Ids(await SuggestionsAsync(held)));
    }

    [Fact]
    public async Task A_user_who_stopped_reading_suggestions_is_no_longer_refreshed_and_keeps_the_list()
    {
        var (me, friend, candidate) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(friend, candidate);
        await _w.FollowAsync(me, friend);
        await SuggestionsAsync(me);
        await RunJobAsync();
        var options = new SuggestionsOptions();

        _app.Clock.Advance(options.ActiveWindow + options.RefreshAge);
        await RunJobAsync();

        Assert.Null(await SocialWorld.ScalarAsync<DateTimeOffset?>("SELECT due_at FROM user_suggestion_runs WHERE user_id = @Id", new { me.Id }));
        Assert.Equal(1L, await SocialWorld.ScalarAsync<long>("SELECT count(*) FROM user_suggestions WHERE user_id = @Id", new { me.Id }));
    }

    [Fact]
    public async Task The_list_of_an_account_deleted_since_it_asked_is_not_computed()
    {
        var (gone, friend, candidate) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(friend, candidate);
        await _w.FollowAsync(gone, friend);
        await SuggestionsAsync(gone);
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { gone.Id });

        await RunJobAsync();

        Assert.Null(await RunComputedAtAsync(gone));
        Assert.Null(await SocialWorld.ScalarAsync<DateTimeOffset?>("SELECT due_at FROM user_suggestion_runs WHERE user_id = @Id", new { gone.Id }));
    }

    [Fact]
    public async Task A_dismissal_taken_back_asks_for_the_list_again_so_the_next_run_brings_the_account_back()
    {
        var (me, friend, candidate) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(me, friend);
        await _w.FollowAsync(friend, candidate);
        var suggestion = $"/api/v1/users/me/suggestions/{candidate.Username}";
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, suggestion, me), System.Net.HttpStatusCode.NoContent);
        await SuggestionsAsync(me);
        await RunJobAsync();
        Assert.Empty(Ids(await SuggestionsAsync(me)));

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Put, suggestion, me), System.Net.HttpStatusCode.NoContent);
        _app.Clock.Advance(TimeSpan.FromMinutes(5)); // one tick of the job, well inside the list's freshness
        await RunJobAsync();

        Assert.Equal([candidate.Id], Ids(await SuggestionsAsync(me)));
    }

    [Fact]
    public async Task Taking_back_a_dismissal_that_was_never_made_does_not_ask_for_the_list_again()
    {
        var (me, friend, candidate) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(me, friend);
        await _w.FollowAsync(friend, candidate);
        await SuggestionsAsync(me);
        await RunJobAsync();
        var dueAt = (await RunAsync(me)).DueAt; // the list's next refresh, a day on
        Assert.True(dueAt > _app.Clock.GetUtcNow());

        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/me/suggestions/{candidate.Username}", me),
            System.Net.HttpStatusCode.NoContent);

        Assert.Equal(dueAt, (await RunAsync(me)).DueAt);
    }

    private static async Task<(int Timeouts, DateTimeOffset? TimedOutAt, DateTimeOffset? DueAt, DateTimeOffset? ComputedAt)> RunAsync(SocialUser user)
    {
        await using var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync();
        return await conn.QuerySingleAsync<(int, DateTimeOffset?, DateTimeOffset?, DateTimeOffset?)>(
            "SELECT timeouts, timed_out_at, due_at, computed_at FROM user_suggestion_runs WHERE user_id = @Id", new { user.Id });
    }

    [Fact]
    public async Task A_computation_that_times_out_is_backed_off_and_the_rest_of_its_batch_completes()
    {
        var (slow, other, friend, candidate, newcomer) =
            (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(label: "a"), await _w.UserAsync(label: "b"));
        await _w.FollowAsync(friend, candidate);
        foreach (var u in new[] { slow, other })
        {
            await _w.FollowAsync(u, friend);
            await SuggestionsAsync(u);
        }
        await RunJobAsync();
        var computedAt = Stored(_app.Clock.GetUtcNow());
        await _w.FollowAsync(friend, newcomer);
        var options = new SuggestionsOptions();
        _app.Clock.Advance(options.FreshFor);
        foreach (var u in new[] { slow, other }) await SuggestionsAsync(u); // both old lists asked for again: one batch

        // The slow user's computation waits on a row of their old list that another transaction holds, past the
        // host's one-second ComputeTimeout. The bound on the job's run keeps a job without a timeout from hanging the test.
        var timedOutAt = Stored(_app.Clock.GetUtcNow());
        await using (var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync())
        await using (var holder = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("SELECT 1 FROM user_suggestions WHERE user_id = @Id FOR UPDATE", new { slow.Id }, holder);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await RunJobAsync(bound.Token);
            await holder.RollbackAsync();
        }

        Assert.Equal([candidate.Id, newcomer.Id], Ids(await SuggestionsAsync(other)));
        var backedOff = timedOutAt + options.FreshFor;
        Assert.Equal((1, timedOutAt, backedOff, computedAt), await RunAsync(slow));
        Assert.Equal([candidate.Id], Ids(await SuggestionsAsync(slow))); // the sample waited on the held row too: the old list is kept

        // Neither a read nor a dismissal taken back brings it forward, and the job's next ticks leave it alone.
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Put, $"/api/v1/users/me/suggestions/{candidate.Username}", slow),
            System.Net.HttpStatusCode.NoContent);
        for (var tick = 0; tick < 3; tick++)
        {
            _app.Clock.Advance(TimeSpan.FromMinutes(5));
            await SuggestionsAsync(slow);
            await RunJobAsync();
        }
        Assert.Equal((1, timedOutAt, backedOff, computedAt), await RunAsync(slow));

        // At its time it is computed again, and the count starts over.
        _app.Clock.Advance(backedOff - _app.Clock.GetUtcNow());
        var recomputedAt = Stored(_app.Clock.GetUtcNow());
        await RunJobAsync();
        Assert.Equal([candidate.Id, newcomer.Id], Ids(await SuggestionsAsync(slow)));
        Assert.Equal((0, timedOutAt, recomputedAt + options.RefreshAge, recomputedAt), await RunAsync(slow));
    }

    [Fact]
    public async Task A_full_page_stays_full_after_the_reader_follows_some_of_the_stored_suggestions()
    {
        var (me, friend) = (await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(me, friend);
        var candidates = await _w.UsersAsync(PageRequest.MaxLimit + 10);
        await SocialWorld.ExecuteAsync("INSERT INTO follows (follower_id, following_id) SELECT @friend, unnest(@ids)",
            new { friend = friend.Id, ids = candidates.Select(c => c.Id).ToArray() });
        await SuggestionsAsync(me);
        await RunJobAsync();
        var page = $"/api/v1/users/me/suggestions?limit={PageRequest.MaxLimit}";
        var first = Ids(await (await _w.GetAsync(page, me)).ReadJsonAsync());
        Assert.Equal(PageRequest.MaxLimit, first.Count);

        var followed = candidates.Where(c => first.Take(3).Contains(c.Id)).ToList();
        foreach (var c in followed) await _w.FollowAsync(me, c);

        var after = Ids(await (await _w.GetAsync(page, me)).ReadJsonAsync());
        Assert.Equal(PageRequest.MaxLimit, after.Count);
        Assert.Empty(after.Intersect(followed.Select(c => c.Id)));
        Assert.Equal(first.Skip(3), after.Take(PageRequest.MaxLimit - 3)); // the same ranking, the next ones moved up
        Assert.NotNull(ComputedAt(await SuggestionsAsync(me)));
    }
}

/// <summary>
/// suggestions-refresh takes every due run of the database, whoever's host started it: two classes each running the job with
/// a host of its own (its own clock, its own timeouts) computed each other's users side by side (SuggestionsSampledTests'
/// timeout of a millisecond sampled this class's lists). One collection runs them one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SuggestionsJobCollection
{
    public const string Name = "suggestions-job";
}
