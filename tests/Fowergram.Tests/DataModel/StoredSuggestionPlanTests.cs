using Dapper;
using Fowergram.Features.Social;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// The stored suggestions' read re-checks each named mutual by primary-key probes, never by reading the followers of a
/// suggested account (docs/social-graph.md "Suggestions"): written as EXISTS in the lateral's WHERE, the check that the
/// mutual follows the suggested account was pulled up into a join, and the plan read every follower of each suggestion
/// (564,217 buffers for the median reader's 50 on the benchmark dataset, docs/performance-history.md "The forty-eighth
/// session: suggestions measured"). The route's statements are auto-prepared (Max Auto Prepare), so the plan that counts is
/// the generic one, planned for any caller: here with <c>plan_cache_mode = force_generic_plan</c>, on statistics of 1,000
/// accounts following 5 each, under which the old statement took that join (a few followers an account make reading them
/// look cheap). Its own database, so that these statistics (ANALYZE's row counts outlive the rollback) reach no other test.
/// </summary>
public sealed class StoredSuggestionPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    private const int Accounts = 1000, FollowsEach = 5;
    private const string Viewer = "0190f3a0-0000-7000-8000-000000000001";

    [Fact]
    public async Task The_generic_plan_probes_each_named_mutual_instead_of_reading_the_followers_of_each_suggestion()
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync($"""
            INSERT INTO users (id, email, username, hashed_password)
            SELECT ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'stored' || n || '@example.test', 'stored' || n, 'x'
              FROM generate_series(1, {Accounts}) n;
            INSERT INTO follows (follower_id, following_id)
            SELECT ('0190f3a0-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
                   ('0190f3a0-0000-7000-8000-' || lpad(to_hex((n + k - 1) % {Accounts} + 1), 12, '0'))::uuid
              FROM generate_series(1, {Accounts}) n, generate_series(1, {FollowsEach}) k;
            INSERT INTO user_suggestions (user_id, rank, suggested_id, mutual_count, mutual_ids)
            SELECT '{Viewer}', r, ('0190f3a0-0000-7000-8000-' || lpad(to_hex({FollowsEach + 1} + r), 12, '0'))::uuid, 1,
                   ARRAY['0190f3a0-0000-7000-8000-' || lpad(to_hex({FollowsEach + 1}), 12, '0')]::uuid[]
              FROM generate_series(1, 100) r;
            ANALYZE users; ANALYZE follows; ANALYZE user_suggestions; ANALYZE follow_requests; ANALYZE blocks; ANALYZE mutes;
            ANALYZE suggestion_dismissals;
            PREPARE stored_suggestions(uuid, integer) AS {StoredSuggestionsSql.Read.Replace("@viewer", "$1").Replace("@limit", "$2")};
            SET LOCAL plan_cache_mode = force_generic_plan;
            """, transaction: tx);

        var json = await conn.ExecuteScalarAsync<string>($"EXPLAIN (FORMAT JSON) EXECUTE stored_suggestions('{Viewer}', 50)", transaction: tx);
        await tx.RollbackAsync();
        await conn.ExecuteAsync("DEALLOCATE stored_suggestions");

        // A bitmap scan names its index on the Bitmap Index Scan below the heap scan, which names no relation.
        var reads = PlanTree.Nodes(json!)
            .Select(n => n.TryGetProperty("Index Name", out var i) ? i.GetString()
                : n.TryGetProperty("Relation Name", out var r) && r.GetString() == "follows" && n.GetProperty("Node Type").GetString() == "Seq Scan"
                    ? "Seq Scan on follows" : null)
            .Where(read => read is not null && read.Contains("follows")).ToList();
        Assert.True(reads.Count > 0 && !reads.Any(r => r is "follows_followers" or "Seq Scan on follows"),
            $"follows read as [{string.Join(", ", reads)}]:\n{json}");
    }
}
