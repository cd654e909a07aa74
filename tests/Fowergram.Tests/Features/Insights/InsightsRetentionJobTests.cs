using Dapper;
using Fowergram.Features.Insights;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fowergram.Tests.Features.Insights;

/// <summary>insights-retention on a database of its own: visits, accounts reached and lost followers older than the longest insights window go.</summary>
public sealed class InsightsRetentionJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 23, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 4);
    private ScratchDatabase _db = null!;
    private readonly Guid _owner = Guid.CreateVersion7(), _visitor = Guid.CreateVersion7();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateScratchAsync();
        await new Migrator(_db.DataSource).MigrateAsync();
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES (@_owner, 'o@example.com', 'owner', 'x'), (@_visitor, 'v@example.com', 'visitor', 'x')
            """, new { _owner, _visitor });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Visits_before_the_ninety_day_window_go_and_the_window_stays_whole()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        foreach (var daysAgo in new[] { 0, 89, 90, 365 })
            await conn.ExecuteAsync("INSERT INTO profile_visits (user_id, day, visitor_id) VALUES (@_owner, @day, @_visitor)",
                new { _owner, day = Today.AddDays(-daysAgo), _visitor });
        var job = new InsightsRetentionJob(_db.DataSource, NullLogger<InsightsRetentionJob>.Instance);

        await job.RunAsync(Now, default);
        await job.RunAsync(Now, default); // a second run finds nothing more

        // ?days=90 counts the days after today − 90: today and the 89 before it.
        Assert.Equal([Today.AddDays(-89), Today], (await conn.QueryAsync<DateOnly>("SELECT day FROM profile_visits ORDER BY day")).ToList());
    }

    [Fact]
    public async Task Accounts_reached_whose_latest_look_is_before_the_ninety_day_window_go()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var viewers = new List<Guid>();
        foreach (var daysAgo in new[] { 0, 89, 90, 365 })
        {
            var viewer = Guid.CreateVersion7();
            viewers.Add(viewer);
            await conn.ExecuteAsync("""
                INSERT INTO users (id, email, username, hashed_password) VALUES (@viewer, @username || '@example.com', @username, 'x');
                INSERT INTO account_reach (owner_id, viewer_id, last_day, follower) VALUES (@_owner, @viewer, @day, false)
                """, new { viewer, username = $"reached{daysAgo}", _owner, day = Today.AddDays(-daysAgo) });
        }
        var job = new InsightsRetentionJob(_db.DataSource, NullLogger<InsightsRetentionJob>.Instance);

        await job.RunAsync(Now, default);
        await job.RunAsync(Now, default); // a second run finds nothing more

        Assert.Equal([Today.AddDays(-89), Today], (await conn.QueryAsync<DateOnly>("SELECT last_day FROM account_reach ORDER BY last_day")).ToList());
        Assert.Equal(viewers[..2].Order().ToList(), (await conn.QueryAsync<Guid>("SELECT viewer_id FROM account_reach ORDER BY viewer_id")).ToList());
    }

    [Fact]
    public async Task Lost_followers_older_than_ninety_days_go()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO follower_losses (user_id, follower_id, lost_at) VALUES (@_owner, @_visitor, @at), (@_visitor, @_owner, @old)",
            new { _owner, _visitor, at = Now.AddDays(-90).AddSeconds(1), old = Now.AddDays(-90) });

        await new InsightsRetentionJob(_db.DataSource, NullLogger<InsightsRetentionJob>.Instance).RunAsync(Now, default);

        Assert.Equal([_owner], (await conn.QueryAsync<Guid>("SELECT user_id FROM follower_losses")).ToList());
    }

    [Fact]
    public async Task Impressions_of_posts_past_their_window_are_settled_into_totals_once()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var (old, recent) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await conn.ExecuteAsync("INSERT INTO posts (id, user_id, caption, created_at) VALUES (@old, @_owner, 'old', @oldAt), (@recent, @_owner, 'new', @recentAt)",
            new { old, recent, _owner, oldAt = Now.AddDays(-120), recentAt = Now.AddDays(-10) });
        // The old post: a follower early on (3 looks), a stranger late in its window (1 look); the recent one: the stranger.
        await conn.ExecuteAsync("""
            INSERT INTO post_impressions (post_id, viewer_id, follower, first_seen_at, last_seen_at, impressions, post_created_at)
            VALUES (@old, @_visitor, true, @early, @early, 3, @oldAt), (@old, @stranger, false, @late, @late, 1, @oldAt),
                   (@recent, @stranger, false, @seenAt, @seenAt, 1, @recentAt)
            """, new { old, recent, _visitor, stranger = await NewUserAsync(conn), early = Now.AddDays(-119), late = Now.AddDays(-31),
                seenAt = Now.AddDays(-9), oldAt = Now.AddDays(-120), recentAt = Now.AddDays(-10) });
        var job = new InsightsRetentionJob(_db.DataSource, NullLogger<InsightsRetentionJob>.Instance);

        await job.RunAsync(Now, default);
        await job.RunAsync(Now, default); // nothing is added twice

        // Every row of the old post went into its totals, the late one too; the recent post's rows stay.
        Assert.Equal([recent], (await conn.QueryAsync<Guid>("SELECT DISTINCT post_id FROM post_impressions")).ToList());
        var totals = await conn.QuerySingleAsync<(long Accounts, long Followers, long Impressions)>(
            "SELECT accounts, follower_accounts, impressions FROM post_reach WHERE post_id = @old", new { old });
        Assert.Equal((2L, 1L, 4L), totals);
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM post_reach WHERE post_id = @recent", new { recent }));
    }

    /// <summary>
    /// A post is in its window for its first 90 days whenever it was first seen: one first looked at on its 85th day is past
    /// it five days later, and its rows go then. Until session 58 posts were found through their rows' first look, so such a
    /// post's viewers were kept until 90 days after that look — up to 180 days after the post (docs/insights.md).
    /// </summary>
    [Fact]
    public async Task A_post_first_seen_late_in_its_window_is_settled_when_the_window_ends_not_ninety_days_after_the_look()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var (past, within) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await conn.ExecuteAsync("INSERT INTO posts (id, user_id, caption, created_at) VALUES (@past, @_owner, 'past', @pastAt), (@within, @_owner, 'within', @withinAt)",
            new { past, within, _owner, pastAt = Now.AddDays(-95), withinAt = Now.AddDays(-89) });
        await conn.ExecuteAsync("""
            INSERT INTO post_impressions (post_id, viewer_id, follower, first_seen_at, last_seen_at, impressions, post_created_at)
            SELECT p.id, @_visitor, false, p.created_at + interval '85 days', p.created_at + interval '85 days', 2, p.created_at
              FROM posts p WHERE p.id IN (@past, @within)
            """, new { past, within, _visitor });

        await new InsightsRetentionJob(_db.DataSource, NullLogger<InsightsRetentionJob>.Instance).RunAsync(Now, default);

        Assert.Equal([within], (await conn.QueryAsync<Guid>("SELECT DISTINCT post_id FROM post_impressions")).ToList());
        Assert.Equal((1L, 0L, 2L), await conn.QuerySingleAsync<(long, long, long)>(
            "SELECT accounts, follower_accounts, impressions FROM post_reach WHERE post_id = @past", new { past }));
    }

    private static async Task<Guid> NewUserAsync(Npgsql.NpgsqlConnection conn)
    {
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync("INSERT INTO users (id, email, username, hashed_password) VALUES (@id, @email, @username, 'x')",
            new { id, email = $"s{id:N}@example.com", username = $"s{id:N}"[..20] });
        return id;
    }
}
