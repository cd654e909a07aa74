using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// How far back a reader's entries are complete (feed_readers, docs/feed.md "Retention and the pull beyond it"): the
/// retention job keeps a sparse reader's newest entries past the window, a follow's backfill reaches back to the
/// mark and moves it when it copies fewer posts than the followee has, an unarchived old post returns to the feeds
/// whose entries reach back to it. On a database and clock of their own (the job acts on every reader, and the clock
/// moves by weeks), with small limits: at least 3 entries kept, at most 2 posts backfilled.
/// </summary>
public sealed class FeedRetentionTests : IAsyncLifetime
{
    private readonly ScratchDatabaseApp _host = new()
    {
        Configure = b =>
        {
            b.Configuration["Feed:RetainEntries"] = "3";
            b.Configuration["Feed:BackfillPosts"] = "2";
        },
    };
    private FowergramApp _app = null!;
    private FeedWorld _world = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _app = _host.App;
        _world = new FeedWorld(_app);
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_reader_whose_followees_post_rarely_keeps_its_newest_entries_past_the_window()
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        await RunRetentionAsync(); // the first run marks every reader at the window's start
        var posts = new List<Guid>();
        foreach (var days in new[] { 10, 10, 10, 15 }) // posts 45, 35, 25 and 15 days old at the end
        {
            posts.Insert(0, await _world.PostAsync(friend));
            await _world.DrainAsync();
            Advance(days);
            (me, friend) = (_world.Fresh(me), _world.Fresh(friend));
        }

        await RunRetentionAsync();

        // Two entries fall in the window; the third newest (35 days old) is kept too, and the reader is complete from it.
        Assert.Equal(3, await _world.EntriesAsync(me.Id));
        Assert.Equal(await CreatedAtAsync(posts[2]), await MarkAsync(me));
        foreach (var limit in new[] { 1, 2, 3 }) Assert.Equal(posts, await _world.FeedAsync(me, limit)); // the oldest is pulled

        // Once the window holds three entries, the mark moves to the window's start and the older entries go.
        for (var i = 0; i < 3; i++) posts.Insert(0, await _world.PostAsync(friend));
        await _world.DrainAsync();
        Advance(1);
        me = _world.Fresh(me);
        var windowStart = _world.Now - TimeSpan.FromDays(30);
        windowStart = windowStart.AddTicks(-(windowStart.Ticks % 10)); // as PostgreSQL keeps it, in microseconds
        await RunRetentionAsync();

        Assert.Equal(windowStart, await MarkAsync(me));
        Assert.Equal(5, await _world.EntriesAsync(me.Id)); // the three new ones, and those 26 and 16 days old
        Assert.Equal(posts, await _world.FeedAsync(me, limit: 2));
    }

    [Fact]
    public async Task Pages_stay_whole_while_the_retention_job_moves_the_mark_and_deletes_below_it()
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        await RunRetentionAsync();
        var posts = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            posts.Insert(0, await _world.PostAsync(friend));
            await _world.DrainAsync();
            Advance(9);
            (me, friend) = (_world.Fresh(me), _world.Fresh(friend));
        }

        for (var round = 0; round < 10; round++)
        {
            var reads = Enumerable.Range(0, 4).Select(_ => _world.FeedAsync(me, limit: 2)).ToList();
            await Task.WhenAll(reads.Append(RunRetentionAsync()));
            foreach (var read in reads) Assert.Equal(posts, await read);
        }
        Assert.Equal(3, await _world.EntriesAsync(me.Id));
    }

    [Fact]
    public async Task A_follow_copies_posts_back_to_the_readers_mark_and_moves_it_when_the_followee_has_more()
    {
        var (me, friend) = (await _world.UserAsync(), await _world.UserAsync());
        await RunRetentionAsync();
        Advance(30);
        (me, friend) = (_world.Fresh(me), _world.Fresh(friend)); // my mark is now 60 days old
        var oldest = await _world.PostRowAsync(friend, TimeSpan.FromDays(50));
        var older = await _world.PostRowAsync(friend, TimeSpan.FromDays(40));
        var recent = await _world.PostAsync(friend);
        await _world.DrainAsync();

        await _world.FollowAsync(me, friend);
        await _world.DrainAsync();

        // Two copied (past the window, down to the mark); the third is older than both, so the mark moves above it.
        Assert.Equal(2, await _world.EntriesAsync(me.Id, friend.Id));
        Assert.Equal(await CreatedAtAsync(oldest) + TimeSpan.FromTicks(10), await MarkAsync(me));
        Assert.Equal([recent, older, oldest], await _world.FeedAsync(me, limit: 1));
    }

    [Fact]
    public async Task A_follow_of_an_account_with_more_posts_in_the_window_than_the_backfill_copies_shows_them_all()
    {
        var (me, prolific) = (await _world.UserAsync(), await _world.UserAsync());
        var posts = new List<Guid>();
        for (var i = 0; i < 4; i++) posts.Insert(0, await _world.PostAsync(prolific));
        await _world.DrainAsync();

        await _world.FollowAsync(me, prolific);
        await _world.DrainAsync();

        Assert.Equal(2, await _world.EntriesAsync(me.Id, prolific.Id));
        Assert.Equal(await CreatedAtAsync(posts[2]) + TimeSpan.FromTicks(10), await MarkAsync(me));
        foreach (var limit in new[] { 1, 3, 50 }) Assert.Equal(posts, await _world.FeedAsync(me, limit));
    }

    [Fact]
    public async Task An_unarchived_old_post_returns_to_the_feeds_whose_entries_reach_back_to_it()
    {
        var (me, friend, newcomer) = (await _world.UserAsync(), await _world.UserAsync(), await _world.UserAsync());
        await _world.FollowAsync(me, friend);
        await RunRetentionAsync();
        var post = await _world.PostAsync(friend);
        await _world.DrainAsync();
        Advance(40);
        (me, friend, newcomer) = (_world.Fresh(me), _world.Fresh(friend), _world.Fresh(newcomer));
        await RunRetentionAsync(); // I keep the 40-day-old entry (fewer than 3 entries)
        await _world.FollowAsync(newcomer, friend);
        await _world.DrainAsync();
        Assert.Equal(1, await _world.EntriesAsync(me.Id, friend.Id));

        await _world.ArchivePostAsync(friend, post);
        await _world.DrainAsync();
        Assert.Equal(0, await _world.EntriesAsync(me.Id, friend.Id));
        await _world.UnarchivePostAsync(friend, post);
        await _world.DrainAsync();

        Assert.Equal(1, await _world.EntriesAsync(me.Id, friend.Id)); // my entries reach back 70 days
        Assert.Equal(1, await _world.EntriesAsync(newcomer.Id, friend.Id)); // the follow's backfill reached a day past the window
        Assert.Equal([post], await _world.FeedAsync(me));
        Assert.Equal([post], await _world.FeedAsync(newcomer));
    }

    private void Advance(int days) => _app.Clock.Advance(TimeSpan.FromDays(days));

    private Task RunRetentionAsync() =>
        _app.Services.GetServices<IScheduledJob>().Single(j => j.Name == FeedRetentionJob.JobName).RunAsync(_world.Now, default);

    private async Task<DateTimeOffset?> MarkAsync(TestUser reader)
    {
        await using var conn = await _world.Db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<DateTimeOffset?>("SELECT complete_since FROM feed_readers WHERE user_id = @id", new { id = reader.Id });
    }

    private async Task<DateTimeOffset> CreatedAtAsync(Guid post)
    {
        await using var conn = await _world.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<DateTimeOffset>("SELECT created_at FROM posts WHERE id = @post", new { post });
    }
}
