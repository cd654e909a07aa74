using Fowergram.Platform.Moderation;

namespace Fowergram.Tests.DataModel;

/// <summary>get_trending_hashtags and get_trending_music_tracks over a recent window ending at `at`.</summary>
public sealed class TrendingFunctionTests
{
    public sealed class HashtagRow
    {
        public Guid HashtagId { get; init; }
        public long RecentPostCount { get; init; }
        public long PostCount { get; init; }
    }

    public sealed class TrackRow
    {
        public Guid TrackId { get; init; }
        public long RecentUseCount { get; init; }
        public long UsageCount { get; init; }
    }

    private static Task<List<HashtagRow>> HashtagsAsync(Scenario s, int limit = 20) =>
        s.QueryAsync<HashtagRow>("SELECT * FROM get_trending_hashtags(@limit, @at)", new { limit, at = s.Now });

    [Fact]
    public async Task Hashtags_rank_by_visible_posts_in_the_last_day_then_by_all_time_count()
    {
        await using var s = await Scenario.StartAsync();
        var (author, other) = (await s.UserAsync(), await s.UserAsync());
        var (hot, steady, alsoTwo, stale) =
            (await s.HashtagAsync("hot", 10), await s.HashtagAsync("steady", 900), await s.HashtagAsync("alsotwo", 5),
             await s.HashtagAsync("stale", 5000));
        for (var i = 1; i <= 3; i++) await s.PostAsync(author, TimeSpan.FromHours(i), hashtags: [hot]);
        await s.PostAsync(author, TimeSpan.FromHours(2), hashtags: [steady, alsoTwo]);
        await s.PostAsync(other, TimeSpan.FromHours(20), hashtags: [steady, alsoTwo]);
        await s.PostAsync(author, TimeSpan.FromHours(30), hashtags: [stale]); // outside the 24-hour window
        await s.PostAsync(author, TimeSpan.FromHours(-1), hashtags: [stale]); // after `at`

        var trending = await HashtagsAsync(s);

        Assert.Equal([hot, steady, alsoTwo], trending.Select(r => r.HashtagId));
        Assert.Equal([3L, 2L, 2L], trending.Select(r => r.RecentPostCount));
        Assert.Equal([10L, 900L, 5L], trending.Select(r => r.PostCount));
        Assert.Equal([hot], (await HashtagsAsync(s, limit: 1)).Select(r => r.HashtagId));
    }

    [Fact]
    public async Task Hashtags_of_private_gone_deleted_or_archived_posts_do_not_trend()
    {
        await using var s = await Scenario.StartAsync();
        var (shown, hidden) = (await s.HashtagAsync("shown"), await s.HashtagAsync("hidden"));
        var (open, closed, deactivated, deleted) =
            (await s.UserAsync(), await s.UserAsync(isPrivate: true), await s.UserAsync(active: false), await s.UserAsync(deleted: true));
        await s.PostAsync(open, TimeSpan.FromHours(1), hashtags: [shown]);
        await s.PostAsync(open, TimeSpan.FromHours(1), deleted: true, hashtags: [hidden]);
        await s.PostAsync(open, TimeSpan.FromHours(1), archived: true, hashtags: [hidden]);
        await s.PostAsync(closed, TimeSpan.FromHours(1), hashtags: [hidden]);
        await s.PostAsync(deactivated, TimeSpan.FromHours(1), hashtags: [hidden]);
        await s.PostAsync(deleted, TimeSpan.FromHours(1), hashtags: [hidden]);

        var row = Assert.Single(await HashtagsAsync(s));
        Assert.Equal((shown, 1L), (row.HashtagId, row.RecentPostCount));
    }

    [Fact]
    public async Task Reels_count_with_posts_under_the_same_rule()
    {
        await using var s = await Scenario.StartAsync();
        var (author, closed) = (await s.UserAsync(), await s.UserAsync(isPrivate: true));
        var (onReels, onPosts, hidden) = (await s.HashtagAsync("onreels", 1), await s.HashtagAsync("onposts", 50), await s.HashtagAsync("hidden"));
        await s.PostAsync(author, TimeSpan.FromHours(1), hashtags: [onPosts, onReels]);
        await s.PostAsync(author, TimeSpan.FromHours(2), hashtags: [onPosts]);
        for (var i = 1; i <= 2; i++) await ReelAsync(s, author, TimeSpan.FromHours(i), onReels);
        await ReelAsync(s, author, TimeSpan.FromHours(30), onReels);           // outside the window
        await ReelAsync(s, author, TimeSpan.FromHours(1), hidden, deleted: true);
        await ReelAsync(s, closed, TimeSpan.FromHours(1), hidden);             // a private account's

        var trending = await HashtagsAsync(s);

        Assert.Equal([(onReels, 3L, 1L), (onPosts, 2L, 50L)], trending.Select(r => (r.HashtagId, r.RecentPostCount, r.PostCount)));
    }

    [Fact]
    public async Task Posts_and_reels_limited_while_in_review_do_not_make_a_hashtag_trend()
    {
        await using var s = await Scenario.StartAsync();
        var author = await s.UserAsync();
        var (shown, limited) = (await s.HashtagAsync("shown"), await s.HashtagAsync("limited"));
        await s.PostAsync(author, TimeSpan.FromHours(1), hashtags: [shown]);
        await ReportAsync(s, "post", await s.PostAsync(author, TimeSpan.FromHours(1), hashtags: [shown]), ReviewLimit.Reports - 1); // one short
        await ReportAsync(s, "post", await s.PostAsync(author, TimeSpan.FromHours(1), hashtags: [shown]), ReviewLimit.Reports, "dismissed");
        for (var i = 0; i < 4; i++)
            await ReportAsync(s, "post", await s.PostAsync(author, TimeSpan.FromHours(1), hashtags: [limited]), ReviewLimit.Reports, "reviewing");
        await ReportAsync(s, "reel", await ReelAsync(s, author, TimeSpan.FromHours(1), limited), ReviewLimit.Reports);

        // The tag's page shows none of the limited ones to anyone but their author (docs/moderation.md): nor does trending.
        var row = Assert.Single(await HashtagsAsync(s));
        Assert.Equal((shown, 3L), (row.HashtagId, row.RecentPostCount));
    }

    /// <summary>Reports of the target by <paramref name="count"/> new accounts, all with <paramref name="status"/>.</summary>
    private static async Task ReportAsync(Scenario s, string targetType, Guid targetId, int count, string status = "open")
    {
        for (var i = 0; i < count; i++)
            await s.ExecAsync("""
                INSERT INTO reports (id, reporter_id, target_type, target_id, reason, status, resolved_at)
                VALUES (@id, @reporter, @targetType, @targetId, 'spam', @status, CASE WHEN @status = 'dismissed' THEN now() END)
                """, new { id = Guid.CreateVersion7(), reporter = await s.UserAsync(), targetType, targetId, status });
    }

    private static async Task<Guid> ReelAsync(Scenario s, Guid author, TimeSpan ago, Guid hashtag, bool deleted = false)
    {
        var (id, createdAt) = (Guid.CreateVersion7(), s.Now - ago);
        await s.ExecAsync("""
            INSERT INTO reels (id, user_id, video_blob_name, duration, created_at, deleted_at)
            VALUES (@id, @author, 'reels/' || @id, 10, @createdAt, CASE WHEN @deleted THEN @createdAt END);
            INSERT INTO reel_hashtags (reel_id, hashtag_id, author_id, reel_created_at) VALUES (@id, @hashtag, @author, @createdAt)
            """, new { id, author, createdAt, deleted, hashtag });
        return id;
    }

    [Fact]
    public async Task Music_tracks_rank_by_live_stories_using_them_in_the_last_week()
    {
        await using var s = await Scenario.StartAsync();
        var (author, closed, deactivated, deleted) =
            (await s.UserAsync(), await s.UserAsync(isPrivate: true), await s.UserAsync(active: false), await s.UserAsync(deleted: true));
        var (first, second, third, unused) =
            (await s.MusicTrackAsync("Zulu", 1), await s.MusicTrackAsync("Beta", 500), await s.MusicTrackAsync("Alpha", 500),
             await s.MusicTrackAsync("Old", 9000));
        for (var i = 1; i <= 3; i++) await s.StoryAsync(author, "public", TimeSpan.FromDays(i), track: first);
        await s.StoryAsync(closed, "followers", TimeSpan.FromDays(2), track: second); // private accounts count: only a number leaves
        await s.StoryAsync(author, "public", TimeSpan.FromDays(6), track: second);
        await s.StoryAsync(author, "public", TimeSpan.FromHours(1), track: third);
        await s.StoryAsync(author, "public", TimeSpan.FromHours(2), track: third);
        await s.StoryAsync(author, "public", TimeSpan.FromDays(8), track: unused);                // outside the window
        await s.StoryAsync(author, "public", TimeSpan.FromDays(1), deleted: true, track: unused); // deleted
        await s.StoryAsync(deactivated, "public", TimeSpan.FromDays(1), track: unused);           // gone author
        await s.StoryAsync(deleted, "public", TimeSpan.FromDays(1), track: unused);               // deleted author

        var trending = await s.QueryAsync<TrackRow>("SELECT * FROM get_trending_music_tracks(@limit, @at)",
            new { limit = 10, at = s.Now });

        // Ties on recent uses fall back to all-time usage, then title.
        Assert.Equal([first, third, second], trending.Select(r => r.TrackId));
        Assert.Equal([3L, 2L, 2L], trending.Select(r => r.RecentUseCount));
        Assert.Equal([1L, 500L, 500L], trending.Select(r => r.UsageCount));
    }

    [Fact]
    public async Task Music_tracks_count_live_posts_playing_them_with_stories_in_the_last_week()
    {
        await using var s = await Scenario.StartAsync();
        var (author, deactivated, deleted) = (await s.UserAsync(), await s.UserAsync(active: false), await s.UserAsync(deleted: true));
        var (posted, storied, unused) = (await s.MusicTrackAsync("Posted"), await s.MusicTrackAsync("Storied"), await s.MusicTrackAsync("Unused"));
        foreach (var ago in new[] { 1, 2, 3 }) await PlayAsync(await s.PostAsync(author, TimeSpan.FromDays(ago)), posted);
        await s.StoryAsync(author, "public", TimeSpan.FromDays(1), track: storied);
        await s.StoryAsync(author, "public", TimeSpan.FromDays(2), track: storied);
        await PlayAsync(await s.PostAsync(author, TimeSpan.FromDays(1)), storied);                 // a post and stories add up
        await PlayAsync(await s.PostAsync(author, TimeSpan.FromDays(8)), unused);                 // outside the window
        await PlayAsync(await s.PostAsync(author, TimeSpan.FromDays(1), archived: true), unused); // archived
        await PlayAsync(await s.PostAsync(author, TimeSpan.FromDays(1), deleted: true), unused);  // deleted
        await PlayAsync(await s.PostAsync(deactivated, TimeSpan.FromDays(1)), unused);            // gone author
        await PlayAsync(await s.PostAsync(deleted, TimeSpan.FromDays(1)), unused);                // deleted author

        var trending = (await s.QueryAsync<TrackRow>("SELECT * FROM get_trending_music_tracks(@limit, @at)", new { limit = 10, at = s.Now }))
            .Where(r => r.TrackId == posted || r.TrackId == storied || r.TrackId == unused).ToList();

        Assert.Equal([(posted, 3L), (storied, 3L)], trending.Select(r => (r.TrackId, r.RecentUseCount))); // a tie: then the title
        Task PlayAsync(Guid post, Guid track) =>
            s.ExecAsync("UPDATE posts SET music_track_id = @track, music_start_seconds = 0 WHERE id = @post", new { post, track });
    }

    [Fact]
    public async Task Posts_limited_while_in_review_do_not_make_a_track_trend()
    {
        await using var s = await Scenario.StartAsync();
        var author = await s.UserAsync();
        var (shown, limited) = (await s.MusicTrackAsync("Shown"), await s.MusicTrackAsync("Limited"));
        await PlayAsync(await s.PostAsync(author, TimeSpan.FromDays(1)), shown);
        var oneShort = await s.PostAsync(author, TimeSpan.FromDays(1));
        await PlayAsync(oneShort, shown);
        await ReportAsync(s, "post", oneShort, ReviewLimit.Reports - 1);
        var dismissed = await s.PostAsync(author, TimeSpan.FromDays(1));
        await PlayAsync(dismissed, shown);
        await ReportAsync(s, "post", dismissed, ReviewLimit.Reports, "dismissed");
        for (var i = 0; i < 4; i++)
        {
            var post = await s.PostAsync(author, TimeSpan.FromDays(1));
            await PlayAsync(post, limited);
            await ReportAsync(s, "post", post, ReviewLimit.Reports, i % 2 == 0 ? "open" : "reviewing");
        }

        // Hashtag and place pages leave limited posts out for everyone but their author (docs/moderation.md): so does the chart.
        var trending = (await s.QueryAsync<TrackRow>("SELECT * FROM get_trending_music_tracks(@limit, @at)", new { limit = 10, at = s.Now }))
            .Where(r => r.TrackId == shown || r.TrackId == limited).ToList();
        Assert.Equal([(shown, 3L)], trending.Select(r => (r.TrackId, r.RecentUseCount)));
        Task PlayAsync(Guid post, Guid track) =>
            s.ExecAsync("UPDATE posts SET music_track_id = @track, music_start_seconds = 0 WHERE id = @post", new { post, track });
    }
}
