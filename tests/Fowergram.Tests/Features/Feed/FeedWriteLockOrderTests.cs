using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// The feed's writers insert a reader's entries oldest first, so two of them writing the same entries never wait for each
/// other in a circle. A fan-out batch handles its events in order (an author's older post first); a follow's backfill
/// wrote the newest first, so the two could each hold an entry the other needed next until PostgreSQL aborted one (a
/// deadlock the consumer then retried, a second lost each time). Here a fan-out of the author's two posts is held open
/// between its two entries while the backfill runs, on the real statement.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FeedWriteLockOrderTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_follows_backfill_and_a_fan_out_of_the_same_posts_do_not_deadlock()
    {
        var (author, reader) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var older = await _posts.PostIdAsync(author, "older");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await _posts.PostIdAsync(author, "newer");
        // The posts' own events settled first (no follower yet: no entries): a drain by another test's host run after the
        // follow below would fan them out to the reader, and the race this test sets up would find its rows already there.
        await _posts.SettleAsync(older, newer);
        await _posts.FollowAsync(reader, author); // the row only: no event, so the pipeline runs no backfill of its own
        var now = app.Clock.GetUtcNow();

        const string FanOut = """
            INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
            SELECT @reader, p.created_at, p.id, p.user_id FROM posts p WHERE p.id = @post
            ON CONFLICT DO NOTHING
            """;
        await using var fanOutConn = await _posts.Db.OpenConnectionAsync();
        await using var fanOut = await fanOutConn.BeginTransactionAsync();
        await fanOutConn.ExecuteAsync(FanOut, new { reader = reader.Id, post = older }, fanOut);

        await using var backfillConn = await _posts.Db.OpenConnectionAsync();
        var backfill = backfillConn.ExecuteAsync(FeedWriteSql.Backfill, new
        {
            followerId = reader.Id, followingId = author.Id, horizon = now.AddDays(-31), windowStart = now.AddDays(-30), limit = 100,
        });
        await TransactionRace.WaitUntilBlockedByAsync(_posts.Db, fanOutConn.ProcessID, backfill);

        var fanOutError = await Record.ExceptionAsync(async () =>
        {
            await fanOutConn.ExecuteAsync(FanOut, new { reader = reader.Id, post = newer }, fanOut);
            await fanOut.CommitAsync();
        });
        var backfillError = await Record.ExceptionAsync(() => backfill);

        Assert.Null(fanOutError);
        Assert.Null(backfillError);
        Assert.Equal(2L, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM feed_entries WHERE user_id = @reader AND post_id IN (@older, @newer)", new { reader = reader.Id, older, newer }));
    }
}
