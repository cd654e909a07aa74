using Dapper;
using Fowergram.Tests.Infrastructure;
using Npgsql;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// The counter design under concurrency: the link row's key collapses duplicates, the relative update
/// of the single stats column is exact, and count(*) over the rows reconciles it. These rows commit
/// (other connections must see them); every test works on its own fresh post and users.
/// </summary>
public sealed class CounterTests
{
    private const int Users = 40;

    private static async Task<(Guid Post, Guid[] Users)> PostWithUsersAsync(NpgsqlDataSource db)
    {
        var users = Enumerable.Range(0, Users).Select(_ => Guid.CreateVersion7()).ToArray();
        var post = Guid.CreateVersion7();
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password)
            SELECT u, replace(u::text, '-', '') || '@example.test', 'c' || left(replace(u::text, '-', ''), 29), 'x'
              FROM unnest(@users) AS u;
            INSERT INTO posts (id, user_id) VALUES (@post, @author);
            INSERT INTO post_stats (post_id) VALUES (@post);
            """, new { users, post, author = users[0] });
        return (post, users);
    }

    /// <summary>What a like consumer does: the row and the counter change in one transaction, only if the row changed.</summary>
    private static async Task LikeAsync(NpgsqlDataSource db, Guid user, Guid post)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var inserted = await conn.ExecuteAsync(
            "INSERT INTO likes (user_id, post_id) VALUES (@user, @post) ON CONFLICT DO NOTHING", new { user, post }, tx);
        if (inserted == 1)
            await conn.ExecuteAsync("UPDATE post_stats SET like_count = like_count + 1 WHERE post_id = @post", new { post }, tx);
        await tx.CommitAsync();
    }

    private static async Task UnlikeAsync(NpgsqlDataSource db, Guid user, Guid post)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var deleted = await conn.ExecuteAsync("DELETE FROM likes WHERE user_id = @user AND post_id = @post", new { user, post }, tx);
        if (deleted == 1)
            await conn.ExecuteAsync("UPDATE post_stats SET like_count = like_count - 1 WHERE post_id = @post", new { post }, tx);
        await tx.CommitAsync();
    }

    private static async Task<(long Counter, long Rows)> CountsAsync(NpgsqlDataSource db, Guid post)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long, long)>("""
            SELECT (SELECT like_count FROM post_stats WHERE post_id = @post),
                   (SELECT count(*) FROM likes WHERE post_id = @post)
            """, new { post });
    }

    [Fact]
    public async Task Parallel_and_repeated_likes_end_with_one_row_per_user_and_the_exact_count()
    {
        var db = await TestDatabase.GetAsync();
        var (post, users) = await PostWithUsersAsync(db);

        // Every user likes three times at once.
        await Task.WhenAll(users.SelectMany(u => Enumerable.Repeat(u, 3)).Select(u => LikeAsync(db, u, post)));

        Assert.Equal((Users, Users), await CountsAsync(db, post));
    }

    [Fact]
    public async Task A_like_unlike_storm_leaves_the_counter_equal_to_count_star()
    {
        var db = await TestDatabase.GetAsync();
        var (post, users) = await PostWithUsersAsync(db);
        var random = new Random(42);
        var operations = Enumerable.Range(0, 160)
            .Select(_ => (User: users[random.Next(users.Length)], Like: random.Next(2) == 0))
            .ToList();

        await Task.WhenAll(operations.Select(o => o.Like ? LikeAsync(db, o.User, post) : UnlikeAsync(db, o.User, post)));

        var (counter, rows) = await CountsAsync(db, post);
        Assert.Equal(rows, counter);
    }

    [Fact]
    public async Task A_counter_cannot_go_below_zero()
    {
        var db = await TestDatabase.GetAsync();
        var (post, _) = await PostWithUsersAsync(db);
        await using var conn = await db.OpenConnectionAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            conn.ExecuteAsync("UPDATE post_stats SET like_count = like_count - 1 WHERE post_id = @post", new { post }));

        Assert.Equal(("23514", "post_stats_like_count_check"), (error.SqlState, error.ConstraintName));
    }
}
