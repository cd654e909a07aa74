using System.Text.Json;
using Dapper;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// The music chart checks each use's author by a primary-key probe (a subplan), never by joining the window's uses to
/// users: joined, the planner hashed every account for the week's few thousand uses (105,002 for 3,410 on the
/// benchmark's dataset, docs/performance-history.md "The forty-seventh session"). A join's method follows the
/// statistics, so the test reads the plan's shape: users is read only under a SubPlan, through its primary key.
/// </summary>
public sealed class TrendingPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    [Fact]
    public async Task Music_chart_probes_each_uses_author_instead_of_joining_users()
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        var json = await conn.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) SELECT * FROM get_trending_music_tracks(20, now())");
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
