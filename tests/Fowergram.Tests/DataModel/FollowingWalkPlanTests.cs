using System.Text.Json;
using Dapper;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Http;
using Npgsql;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// The following tabs of reels and videos cost what a page needs, not a probe per followed account (docs/reels.md
/// "Following"; 60-113 ms for the benchmark's reader of 5,000 accounts on tables with no reels or videos at all,
/// docs/performance-history.md "The forty-eighth session"): they walk the recency index of the whole table first and pull
/// per followed account only when that walk, as long as the reader follows accounts, found too little. Each case runs in a
/// transaction that rolls back, on a database of this class's own, with the tables ANALYZEd.
/// </summary>
public sealed class FollowingWalkPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    private const int Followed = 200;
    private const string Reader = "'0190f3a0-0000-7000-8000-0000000f0000'";

    /// <summary>The ranges read once per followed account.</summary>
    private static readonly string[] PerAccount = ["reels_author_timeline", "reel_reposts_user_recent", "igtv_videos_channel"];

    public static TheoryData<string> Tabs => new() { "reels", "videos" };

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task Followed_accounts_with_nothing_posted_cost_no_probe_each(string tab)
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await SeedAsync(conn, tx, accounts: Followed, followed: Followed, withContent: false);

        var nodes = await PlanAsync(conn, tx, tab);

        var looped = nodes.Where(n => n.GetProperty("Actual Loops").GetInt64() >= Followed).Select(Describe).ToList();
        Assert.True(looped.Count == 0, $"{tab}: nodes run once per followed account: [{string.Join(", ", looped)}]");
        await tx.RollbackAsync();
    }

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task A_reader_whose_followed_accounts_post_often_fills_the_page_from_the_walk(string tab)
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await SeedAsync(conn, tx, accounts: 2 * Followed, followed: Followed, withContent: true);

        var nodes = await PlanAsync(conn, tx, tab);

        var probed = nodes.Where(n => IndexOf(n) is { } index && PerAccount.Contains(index) && n.GetProperty("Actual Loops").GetInt64() > 0)
            .Select(Describe).ToList();
        Assert.True(probed.Count == 0, $"{tab}: per-account ranges read: [{string.Join(", ", probed)}]");
        var expected = await ByTheRuleAsync(conn, tx, tab);
        Assert.Equal(21, expected.Count);
        Assert.Equal(expected, await PageAsync(conn, tx, tab));
        await tx.RollbackAsync();
    }

    [Theory]
    [MemberData(nameof(Tabs))]
    public async Task A_reader_of_few_among_many_falls_back_to_the_per_account_pull_and_gets_the_same_page(string tab)
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await SeedAsync(conn, tx, accounts: 2 * Followed, followed: 5, withContent: true);

        var nodes = await PlanAsync(conn, tx, tab);

        Assert.Contains(nodes, n => IndexOf(n) is { } index && PerAccount.Contains(index) && n.GetProperty("Actual Loops").GetInt64() > 0);
        var expected = await ByTheRuleAsync(conn, tx, tab);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await PageAsync(conn, tx, tab));
        await tx.RollbackAsync();
    }

    /// <summary>
    /// <paramref name="accounts"/> public accounts, the reader following the first <paramref name="followed"/>; with content,
    /// each posts three reels and a video over the last hours, and each of the first half reposts a reel of one in the second.
    /// </summary>
    private static Task SeedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int accounts, int followed, bool withContent) =>
        conn.ExecuteAsync($"""
            INSERT INTO users (id, email, username, hashed_password)
            SELECT ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'walk' || n || '@example.test', 'walk' || n, 'not-a-real-hash'
              FROM generate_series(1, {accounts}) n
            UNION ALL SELECT {Reader}, 'reader@example.test', 'walkreader', 'not-a-real-hash';
            INSERT INTO follows (follower_id, following_id)
            SELECT {Reader}, ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid FROM generate_series(1, {followed}) n;
            INSERT INTO reels (id, user_id, video_blob_name, duration, created_at)
            SELECT gen_random_uuid(), ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'reels/1', 15,
                   now() - (n * 3 + k) * interval '7 minutes'
              FROM generate_series(1, {(withContent ? accounts : 0)}) n, generate_series(0, 2) k;
            INSERT INTO reel_reposts (user_id, reel_id, created_at)
            SELECT ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
                   (SELECT r.id FROM reels r WHERE r.user_id = ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n + {accounts / 2}), 12, '0'))::uuid LIMIT 1),
                   now() - n * interval '5 minutes'
              FROM generate_series(1, {(withContent ? accounts / 2 : 0)}) n;
            INSERT INTO igtv_videos (id, user_id, title, video_blob_name, duration, is_published, published_at, created_at)
            SELECT gen_random_uuid(), ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Video ' || n, 'videos/1', 600,
                   true, now() - n * interval '11 minutes', now() - n * interval '11 minutes'
              FROM generate_series(1, {(withContent ? accounts : 0)}) n;
            ANALYZE users; ANALYZE follows; ANALYZE reels; ANALYZE reel_reposts; ANALYZE igtv_videos;
            """, transaction: tx);

    private static string Sql(string tab) => tab == "reels" ? ReelFollowingSql.Page : VideoReadSql.Following;

    private static DynamicParameters Parameters() =>
        KeysetSql.Parameters(new PageRequest(20, null), new { viewer = Guid.Parse(Reader.Trim('\'')) });

    private static async Task<List<JsonElement>> PlanAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tab)
    {
        var json = await conn.ExecuteScalarAsync<string>("EXPLAIN (ANALYZE, FORMAT JSON) " + Sql(tab), Parameters(), tx);
        return PlanTree.Nodes(json!).ToList();
    }

    private static async Task<List<Guid>> PageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tab) =>
        (await conn.QueryAsync(Sql(tab), Parameters(), tx)).Select(row => (Guid)((IDictionary<string, object>)row)["id"]).ToList();

    /// <summary>
    /// The first page by the tab's rule, written plainly (no one here is hidden or private): the followed accounts' own reels or
    /// videos, and the reels they reposted of others, each at its newest repost.
    /// </summary>
    private static async Task<List<Guid>> ByTheRuleAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tab) =>
        (await conn.QueryAsync<Guid>(tab == "reels"
            ? $"""
              SELECT id FROM (
                  SELECT r.id, r.created_at FROM reels r JOIN follows f ON f.following_id = r.user_id AND f.follower_id = {Reader}
                  UNION ALL
                  SELECT rr.reel_id, max(rr.created_at) FROM reel_reposts rr
                    JOIN follows f ON f.following_id = rr.user_id AND f.follower_id = {Reader}
                    JOIN reels r ON r.id = rr.reel_id
                   WHERE NOT EXISTS (SELECT 1 FROM follows a WHERE a.follower_id = {Reader} AND a.following_id = r.user_id)
                   GROUP BY rr.reel_id) x
              ORDER BY created_at DESC, id DESC LIMIT 21
              """
            : $"SELECT v.id FROM igtv_videos v JOIN follows f ON f.following_id = v.user_id AND f.follower_id = {Reader} ORDER BY v.published_at DESC, v.id DESC LIMIT 21",
            transaction: tx)).ToList();

    private static string? IndexOf(JsonElement node) => node.TryGetProperty("Index Name", out var index) ? index.GetString() : null;

    private static string Describe(JsonElement node) =>
        $"{node.GetProperty("Node Type").GetString()} {IndexOf(node) ?? (node.TryGetProperty("Relation Name", out var r) ? r.GetString() : "")} x{node.GetProperty("Actual Loops").GetInt64()}";
}
