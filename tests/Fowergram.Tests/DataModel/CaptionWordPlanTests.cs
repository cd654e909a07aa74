using System.Text.Json;
using Dapper;
using Fowergram.Features.Search;
using Fowergram.Platform.Http;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// Keyword search stays bounded for a word nearly every caption holds and quick for a rare one (docs/posts.md "Keyword
/// search"; 25-51 s for such a word on the benchmark, docs/performance-history.md "The forty-seventh session"): on posts and
/// reels whose every caption holds "bench", the statements themselves walk the recency index newest first, and a word no
/// caption holds is read by the GIN index. The planner tells them apart only by the words' statistics (migration 0232),
/// taken here by ANALYZE inside a transaction that rolls back, on a database of this class's own.
/// </summary>
public sealed class CaptionWordPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    private const int Rows = 3000;

    public static TheoryData<string, string, string, string> Searches => new()
    {
        { "posts, newest first", KeywordSearchSql.Posts, "bench", "posts_live_recent_utc" },
        { "posts, newest first", KeywordSearchSql.Posts, "zebra", "posts_caption_words" },
        { "posts, relevant", KeywordSearchSql.RelevantPosts, "bench", "posts_live_recent_utc" },
        { "posts, relevant", KeywordSearchSql.RelevantPosts, "zebra", "posts_caption_words" },
        { "reels, newest first", KeywordSearchSql.Reels, "bench", "reels_live_recent" },
        { "reels, newest first", KeywordSearchSql.Reels, "zebra", "reels_caption_words" },
        { "reels, relevant", KeywordSearchSql.RelevantReels, "bench", "reels_live_recent" },
        { "reels, relevant", KeywordSearchSql.RelevantReels, "zebra", "reels_caption_words" },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task A_common_word_walks_newest_first_and_a_rare_one_reads_the_word_index(string search, string sql, string q, string index)
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync($"""
            INSERT INTO users (id, email, username, hashed_password)
            VALUES ('0190f3a0-0000-7000-8000-000000000001', 'author@example.test', 'author', 'not-a-real-hash');
            INSERT INTO posts (id, user_id, caption, created_at)
            SELECT gen_random_uuid(), '0190f3a0-0000-7000-8000-000000000001', 'Bench post ' || n || ' #bench', now() - n * interval '1 minute'
              FROM generate_series(1, {Rows}) n;
            INSERT INTO reels (id, user_id, video_blob_name, duration, caption, created_at)
            SELECT gen_random_uuid(), '0190f3a0-0000-7000-8000-000000000001', 'reels/1', 15, 'Bench reel ' || n || ' #bench',
                   now() - n * interval '1 minute'
              FROM generate_series(1, {Rows}) n;
            ANALYZE posts;
            ANALYZE reels;
            """, transaction: tx);

        var parameters = KeysetSql.Parameters(new PageRequest(20, null),
            new { q, viewer = Guid.NewGuid(), candidates = KeywordSearchSql.Candidates });
        parameters.AddDynamicParams(new { cursorScore = long.MaxValue });
        var json = await conn.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + sql, parameters, tx);
        var nodes = PlanTree.Nodes(json!).ToList();
        // The searched table's indexes the plan reads, and a sequential scan of it by its node type.
        var read = nodes.Select(n => n.TryGetProperty("Index Name", out var i) ? i.GetString()!
                : n.GetProperty("Node Type").GetString() == "Seq Scan" && n.GetProperty("Relation Name").GetString() is "posts" or "reels"
                    ? "Seq Scan" : "")
            .Where(i => i.StartsWith("posts_", StringComparison.Ordinal) || i.StartsWith("reels_", StringComparison.Ordinal) || i == "Seq Scan")
            .ToList();
        Assert.True(read.Count > 0 && read.All(i => i == index), $"{search} of '{q}': expected {index}, the plan reads [{string.Join(", ", read)}]:\n{json}");
        await tx.RollbackAsync();
    }
}
