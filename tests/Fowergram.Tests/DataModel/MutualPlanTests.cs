using System.Text.Json;
using Dapper;
using Fowergram.Features.Social;
using Npgsql;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// "Followed by …" and its list walk one side of the pair (the viewer's followees or the owner's followers) and probe the
/// other through follows_pkey in a subplan, never joining the two: a join's method follows the statistics, and the generic
/// plan Npgsql's prepared statements come to use hashed all 92,406 followers of the benchmark's largest account for a
/// reader with 164 followees (docs/performance-history.md, "The forty-eighth session"). Both plans are read: custom (the
/// parameters' values) and generic (none), and users is read only by its primary key, for an account already found.
/// </summary>
public sealed class MutualPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    private sealed record Read(string Relation, bool UnderSubPlan, string? Index, string? Condition);

    public static TheoryData<string, string, string> Statements => new()
    {
        { "followedBy from the viewer's followees", MutualSql.FollowedByFromFollowing, "follower_id" },
        { "followedBy from the owner's followers", MutualSql.FollowedByFromFollowers, "following_id" },
        { "mutual list from the viewer's followees", MutualSql.ListFromFollowing, "follower_id" },
        { "mutual list from the owner's followers", MutualSql.ListFromFollowers, "following_id" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Walks_one_side_and_probes_the_other_by_primary_key(string statement, string sql, string walked)
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        foreach (var generic in new[] { false, true })
        {
            var json = generic ? await GenericPlanAsync(conn, sql) : await conn.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + sql,
                new { viewer = Guid.NewGuid(), owner = Guid.NewGuid(), afterAt = (DateTimeOffset?)null, afterId = (Guid?)null, take = 21 });
            var reads = Reads(JsonDocument.Parse(json!).RootElement[0].GetProperty("Plan"), underSubPlan: false).ToList();
            var wrong = Wrong(reads, walked).ToList();
            Assert.True(wrong.Count == 0, $"{statement}, {(generic ? "generic" : "custom")} plan: {string.Join("; ", wrong)}\n{json}");
        }
    }

    private static IEnumerable<string> Wrong(List<Read> reads, string walked)
    {
        var probed = walked == "follower_id" ? "following_id" : "follower_id";
        var follows = reads.Where(r => r.Relation == "follows").ToList();
        if (!follows.Any(r => !r.UnderSubPlan)) yield return "no walk of follows";
        if (!follows.Any(r => r.UnderSubPlan)) yield return "no probe of follows";
        foreach (var r in follows.Where(r => !r.UnderSubPlan && (r.Condition?.Contains($"({walked} = ") != true || r.Condition.Contains(probed))))
            yield return $"follows read outside a probe as {r.Index} ({r.Condition ?? "every row"})";
        foreach (var r in follows.Where(r => r.UnderSubPlan && (r.Index != "follows_pkey" || r.Condition?.Contains(" AND ") != true)))
            yield return $"follows probed as {r.Index} ({r.Condition ?? "every row"})";
        foreach (var r in reads.Where(r => r.Relation == "users" && (r.Index != "users_pkey" || r.Condition is null)))
            yield return $"users read as {r.Index ?? "a scan"} ({r.Condition ?? "every row"})";
    }

    /// <summary>The plan without the parameters' values, as a prepared statement comes to run once the generic plan wins.</summary>
    private static async Task<string> GenericPlanAsync(NpgsqlConnection conn, string sql)
    {
        var positional = sql.Replace("@viewer", "$1").Replace("@owner", "$2").Replace("@afterAt", "$3").Replace("@afterId", "$4").Replace("@take", "$5");
        await conn.ExecuteAsync("SET plan_cache_mode = force_generic_plan");
        await conn.ExecuteAsync($"PREPARE mutual_plan (uuid, uuid, timestamptz, uuid, int) AS {positional}");
        try
        {
            return (await conn.ExecuteScalarAsync<string>(
                $"EXPLAIN (FORMAT JSON) EXECUTE mutual_plan ('{Guid.NewGuid()}', '{Guid.NewGuid()}', NULL, NULL, 21)"))!;
        }
        finally
        {
            await conn.ExecuteAsync("DEALLOCATE mutual_plan; RESET plan_cache_mode");
        }
    }

    private static IEnumerable<Read> Reads(JsonElement node, bool underSubPlan)
    {
        underSubPlan |= node.TryGetProperty("Parent Relationship", out var parent) && parent.GetString() == "SubPlan";
        if (node.TryGetProperty("Relation Name", out var relation))
            yield return node.TryGetProperty("Recheck Cond", out var recheck) // a bitmap scan: its index is the child's
                ? new Read(relation.GetString()!, underSubPlan, node.GetProperty("Plans")[0].GetProperty("Index Name").GetString(), recheck.GetString())
                : new Read(relation.GetString()!, underSubPlan, node.TryGetProperty("Index Name", out var index) ? index.GetString() : null,
                    node.TryGetProperty("Index Cond", out var condition) ? condition.GetString() : null);
        if (!node.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
            foreach (var read in Reads(child, underSubPlan))
                yield return read;
    }
}
