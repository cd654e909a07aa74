using Dapper;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// Builds a small social graph inside one transaction that is rolled back on dispose: the SQL
/// functions see it (same transaction), no other test ever does, and nothing is left behind.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    private int _userSeq;

    private Scenario(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        Connection = conn;
        Transaction = tx;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    /// <summary>A fixed instant far from any other test's rows; functions are called with p_at = Now.</summary>
    public DateTimeOffset Now { get; } = new DateTimeOffset(2199, 6, 15, 12, 0, 0, TimeSpan.Zero)
        .AddMinutes(Random.Shared.Next(0, 50_000_000));

    public static async Task<Scenario> StartAsync()
    {
        var db = await TestDatabase.GetAsync();
        var conn = await db.OpenConnectionAsync();
        return new Scenario(conn, await conn.BeginTransactionAsync());
    }

    /// <summary>A user whose username starts with <paramref name="label"/> (so alphabetical order is predictable).</summary>
    public async Task<Guid> UserAsync(string label = "u", bool isPrivate = false, bool active = true, bool deleted = false)
    {
        var id = Guid.CreateVersion7();
        var username = $"{label}_{Interlocked.Increment(ref _userSeq):D3}_{id.ToString("N")[^10..]}";
        await ExecAsync("""
            INSERT INTO users (id, email, username, hashed_password, full_name, is_private, is_active, deleted_at)
            VALUES (@id, @username || '@example.test', @username, 'x', @username, @isPrivate, @active,
                    CASE WHEN @deleted THEN @at END)
            """, new { id, username, isPrivate, active, deleted, at = Now });
        return id;
    }

    public Task<string> UsernameAsync(Guid id) =>
        Connection.ExecuteScalarAsync<string>("SELECT username FROM users WHERE id = @id", new { id }, Transaction)!;

    public Task FollowAsync(Guid follower, Guid following) =>
        ExecAsync("INSERT INTO follows (follower_id, following_id) VALUES (@follower, @following)", new { follower, following });

    public Task RequestAsync(Guid requester, Guid target) =>
        ExecAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@requester, @target)", new { requester, target });

    public Task BlockAsync(Guid blocker, Guid blocked) =>
        ExecAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@blocker, @blocked)", new { blocker, blocked });

    public Task MuteAsync(Guid muter, Guid muted, bool posts = true, bool stories = false) =>
        ExecAsync("INSERT INTO mutes (muter_id, muted_id, mute_posts, mute_stories) VALUES (@muter, @muted, @posts, @stories)",
            new { muter, muted, posts, stories });

    public Task CloseFriendAsync(Guid user, Guid friend) =>
        ExecAsync("INSERT INTO close_friends (user_id, friend_id) VALUES (@user, @friend)", new { user, friend });

    public async Task<Guid> PostAsync(Guid author, TimeSpan ago, bool archived = false, bool deleted = false,
        bool likesDisabled = false, params Guid[] hashtags)
    {
        var id = Guid.CreateVersion7();
        var createdAt = Now - ago;
        await ExecAsync("""
            INSERT INTO posts (id, user_id, caption, is_archived, likes_disabled, created_at, deleted_at)
            VALUES (@id, @author, 'caption', @archived, @likesDisabled, @createdAt, CASE WHEN @deleted THEN @createdAt END);
            INSERT INTO post_hashtags (post_id, hashtag_id, author_id, post_created_at)
            SELECT @id, h, @author, @createdAt FROM unnest(@hashtags) AS h
            """, new { id, author, archived, likesDisabled, createdAt, deleted, hashtags });
        return id;
    }

    public Task LikeAsync(Guid user, Guid post) =>
        ExecAsync("INSERT INTO likes (user_id, post_id) VALUES (@user, @post)", new { user, post });

    public Task PostStatsAsync(Guid post, long likes, long comments) =>
        ExecAsync("INSERT INTO post_stats (post_id, like_count, comment_count) VALUES (@post, @likes, @comments)",
            new { post, likes, comments });

    public async Task<Guid> StoryAsync(Guid author, string audience, TimeSpan ago, TimeSpan? lifetime = null,
        bool deleted = false, Guid? track = null)
    {
        var id = Guid.CreateVersion7();
        var createdAt = Now - ago;
        await ExecAsync("""
            INSERT INTO stories (id, user_id, blob_name, media_type, audience, music_track_id, created_at, expires_at, deleted_at)
            VALUES (@id, @author, 'stories/' || @id, 'image', @audience, @track, @createdAt, @expiresAt,
                    CASE WHEN @deleted THEN @createdAt END)
            """, new { id, author, audience, track, createdAt, expiresAt = createdAt + (lifetime ?? TimeSpan.FromHours(24)), deleted });
        return id;
    }

    public Task ViewStoryAsync(Guid story, Guid viewer) =>
        ExecAsync("INSERT INTO story_views (story_id, viewer_id) VALUES (@story, @viewer)", new { story, viewer });

    public async Task<Guid> HashtagAsync(string label, long allTimePosts = 0)
    {
        var id = Guid.CreateVersion7();
        await ExecAsync("""
            INSERT INTO hashtags (id, name) VALUES (@id, @name);
            INSERT INTO hashtag_stats (hashtag_id, post_count) VALUES (@id, @allTimePosts)
            """, new { id, name = $"{label}{id:N}", allTimePosts });
        return id;
    }

    public async Task<Guid> MusicTrackAsync(string title, long allTimeUses = 0)
    {
        var id = Guid.CreateVersion7();
        await ExecAsync("""
            INSERT INTO music_tracks (id, title, artist, duration) VALUES (@id, @title, 'Artist', 200);
            INSERT INTO music_track_stats (track_id, usage_count) VALUES (@id, @allTimeUses)
            """, new { id, title, allTimeUses });
        return id;
    }

    public Task ExecAsync(string sql, object? args = null) => Connection.ExecuteAsync(sql, args, Transaction);

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null) =>
        (await Connection.QueryAsync<T>(sql, args, Transaction)).ToList();

    public async ValueTask DisposeAsync()
    {
        await Transaction.RollbackAsync();
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
