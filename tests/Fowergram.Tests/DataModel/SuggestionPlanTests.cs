using System.Text.Json;
using Dapper;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// Suggestions check each followee and each candidate by a primary-key probe (a subplan), never by joining users: the
/// function is planned for any caller (not inlined on the route), and joined, the plan hashed every account whatever the
/// caller's graph (105,002 on the benchmark's dataset for 157 candidates, docs/performance-history.md "The forty-eighth
/// session: suggestions measured"). A join's method follows the statistics, so the test reads the plan's shape, as
/// <see cref="TrendingPlanTests"/> does: users is read only under a SubPlan, through its primary key.
/// </summary>
public sealed class SuggestionPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    [Fact]
    public async Task Suggestions_probe_each_account_instead_of_joining_users()
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        var json = await conn.ExecuteScalarAsync<string>(
            "EXPLAIN (FORMAT JSON) SELECT * FROM get_user_suggestions('0190f3a0-0000-7000-8000-000000000001', 50)");
        var reads = UsersReads(JsonDocument.Parse(json!).RootElement[0].GetProperty("Plan"), underSubPlan: false).ToList();

        Assert.True(reads.Count > 0 && reads.All(r => r is { UnderSubPlan: true, Index: "users_pkey" }),
            $"users is read as [{string.Join(", ", reads)}]:\n{json}");
    }

    private static IEnumerable<(bool UnderSubPlan, string? Index)> UsersReads(JsonElement node, bool underSubPlan)
    {
        underSubPlan |= node.TryGetProperty("Parent Relationship", out var parent) && parent.GetString() == "SubPlan";
        if (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "users")
            yield return (underSubPlan, node.TryGetProperty("Index Name", out var index) ? index.GetString() : null);
        if (!node.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
            foreach (var read in UsersReads(child, underSubPlan))
                yield return read;
    }
}
