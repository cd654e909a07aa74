using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// A user whose whole computation ahead always runs past Suggestions:ComputeTimeout gets the list of a bounded sample of
/// their graph (migration 0241, docs/social-graph.md "Suggestions"). The host's ComputeTimeout is a millisecond, which the
/// test's graph of 20,000 follows cannot be computed in, while the sample (the 2 accounts followed most recently, their 5
/// latest follows each) runs under the default SampleTimeout of 10 s.
/// </summary>
[Collection(SuggestionsJobCollection.Name)]
public sealed class SuggestionsSampledTests : IAsyncLifetime
{
    private const int Bulk = 40, FollowedByEach = 500;

    private readonly FowergramApp _app = TestApps.WithOwnClock(b =>
    {
        b.Configuration["Suggestions:InlineGraphLimit"] = "0";
        b.Configuration["Suggestions:ComputeTimeout"] = "00:00:00.001";
        b.Configuration["Suggestions:SampleFollowees"] = "2";
        b.Configuration["Suggestions:SampleFollowsEach"] = "5";
        b.Configuration["Auth:AccessTokenLifetime"] = "3.00:00:00";
    });
    private SocialWorld _w = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _w = new SocialWorld(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<int> RunJobAsync() =>
        ((SuggestionsRefreshJob)_app.Services.GetServices<IScheduledJob>().Single(j => j.Name == SuggestionsRefreshJob.JobName))
        .RefreshAsync(_app.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<JsonElement> SuggestionsAsync(SocialUser me) =>
        await (await _w.GetAsync("/api/v1/users/me/suggestions", me)).ReadJsonAsync();

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    /// <summary><paramref name="who"/> follows each of <paramref name="whom"/>, the first most recently (a second apart).</summary>
    private static Task FollowNewestFirstAsync(SocialUser who, DateTimeOffset at, params SocialUser[] whom) =>
        SocialWorld.ExecuteAsync("""
            INSERT INTO follows (follower_id, following_id, created_at)
            SELECT @who, w.id, @at - (w.i - 1) * interval '1 second' FROM unnest(@whom) WITH ORDINALITY w(id, i)
            """, new { who = who.Id, at, whom = whom.Select(u => u.Id).ToArray() });

    /// <summary>
    /// <see cref="Bulk"/> accounts the user followed before the others, each following the same <see cref="FollowedByEach"/>
    /// accounts: the graph that makes the whole computation too slow, none of it in the sample.
    /// </summary>
    private static Task<int> BulkGraphAsync(SocialUser me, DateTimeOffset before) =>
        SocialWorld.ExecuteAsync($"""
            INSERT INTO users (id, email, username, hashed_password)
            SELECT md5(@me::text || n)::uuid, 'bulk' || md5(@me::text || n) || '@example.com', 'bulk' || left(md5(@me::text || n), 24), 'x'
              FROM generate_series(1, {Bulk + FollowedByEach}) n;
            INSERT INTO follows (follower_id, following_id, created_at)
            SELECT @me, md5(@me::text || n)::uuid, @before FROM generate_series(1, {Bulk}) n;
            INSERT INTO follows (follower_id, following_id, created_at)
            SELECT md5(@me::text || f)::uuid, md5(@me::text || c)::uuid, @before
              FROM generate_series(1, {Bulk}) f, generate_series({Bulk + 1}, {Bulk + FollowedByEach}) c;
            """, new { me = me.Id, before });

    [Fact]
    public async Task A_graph_whose_whole_computation_times_out_gets_the_list_of_its_sample_filtered_as_any_list()
    {
        var me = await _w.UserAsync();
        var now = _app.Clock.GetUtcNow();
        await BulkGraphAsync(me, now.AddDays(-3));
        var (a, b) = (await _w.UserAsync(label: "a"), await _w.UserAsync(label: "b"));
        var (kept, alsoKept, followed, blocked, muted) =
            (await _w.UserAsync(label: "k"), await _w.UserAsync(label: "l"), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var (gone, requested, blocking, dismissed, beyond) =
            (await _w.UserAsync(), await _w.UserAsync(isPrivate: true), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await FollowNewestFirstAsync(me, now.AddDays(-2), followed); // followed before the sampled two
        await FollowNewestFirstAsync(me, now, b, a);
        await FollowNewestFirstAsync(a, now, kept, alsoKept, followed, blocked, muted);
        await FollowNewestFirstAsync(a, now.AddDays(-1), beyond); // past a's 5 latest follows: outside the sample
        await FollowNewestFirstAsync(b, now, kept, gone, requested, blocking, dismissed);
        await _w.FollowAsync(me, requested);
        await _w.BlockAsync(me, blocked);
        await _w.BlockAsync(blocking, me);
        await _w.MuteAsync(me, muted);
        await SocialWorld.ExpectAsync(await _w.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/suggestions/{dismissed.Username}", me),
            HttpStatusCode.NoContent);
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { gone.Id });

        await SuggestionsAsync(me); // asks for the list
        await RunJobAsync();

        var page = await SuggestionsAsync(me);
        Assert.Equal([kept.Id, alsoKept.Id], Ids(page));
        Assert.True(page.GetProperty("sampled").GetBoolean());
        Assert.Equal(new DateTimeOffset(now.Ticks - now.Ticks % 10, now.Offset), page.GetProperty("computedAt").GetDateTimeOffset());
        var first = page.GetProperty("items")[0];
        Assert.Equal(2, first.GetProperty("mutualCount").GetInt64());
        Assert.Equal($"Followed by {a.Username} and {b.Username}", first.GetProperty("reason").GetString());

        // The whole computation timed out all the same: counted and backed off, to be tried again at its time.
        await using var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync();
        var (timeouts, dueAt) = await conn.QuerySingleAsync<(int, DateTimeOffset)>(
            "SELECT timeouts, due_at FROM user_suggestion_runs WHERE user_id = @Id", new { me.Id });
        Assert.Equal(1, timeouts);
        Assert.True(dueAt > now, $"due at {dueAt}");
    }
}
