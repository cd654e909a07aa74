using System.Text.Json;
using Dapper;
using Fowergram.Features.Social;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// Account search stays bounded for a term every account holds (docs/social-graph.md "Search"; 0.94 s for "bench" over the
/// benchmark's 105,002 accounts when every match was ranked, docs/performance-history.md "The forty-eighth session"): on
/// accounts whose every username and full name hold "bench", the statement reads users only by walks of the GiST indexes
/// nearest first (an index scan with an Order By, under a limit) and by key probes, never by a sequential or bitmap scan
/// of every match. Statistics are taken by ANALYZE inside a transaction that rolls back, on a database of this class's own.
/// </summary>
public sealed class AccountSearchPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    private const int Accounts = 3000;
    private static readonly string[] Probes = ["users_pkey", "users_username_key"];

    [Fact]
    public async Task A_term_every_account_holds_walks_the_nearest_and_probes_by_key()
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync($"""
            INSERT INTO users (id, email, username, hashed_password, full_name)
            SELECT gen_random_uuid(), 'bench' || n || '@example.test', 'bench' || n, 'not-a-real-hash', 'Bench user ' || n
              FROM generate_series(1, {Accounts}) n;
            ANALYZE users;
            """, transaction: tx);

        var json = await conn.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + DiscoverySql.Search,
            new { viewer = Guid.NewGuid(), term = "bench", prefix = "bench%", contains = "%bench%", limit = 20 }, tx);
        var reads = PlanTree.Nodes(json!)
            .Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "users")
            .Select(n => (Node: n.GetProperty("Node Type").GetString()!, Index: n.TryGetProperty("Index Name", out var i) ? i.GetString()! : "",
                Walk: n.TryGetProperty("Order By", out _)))
            .ToList();

        var unbounded = reads.Where(r => !(r.Node == "Index Scan" && (r.Walk || Probes.Contains(r.Index)))).ToList();
        Assert.True(reads.Count(r => r.Walk) == 3 && unbounded.Count == 0,
            $"expected three nearest-first walks and key probes, the plan reads users by [{string.Join(", ", reads)}]:\n{json}");
        await tx.RollbackAsync();
    }
}
