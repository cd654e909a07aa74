using Dapper;
using Fowergram.Features.Social;

namespace Fowergram.Tests.DataModel;

/// <summary>
/// A statement whose filter runs over every row a search term matches writes the visibility policy out (Visibility's
/// filters) instead of calling the policy functions: the planner does not inline them, so each row pays a function call
/// (~250 µs on the benchmark's host: 8–10 s for a term all 105,002 accounts' names hold, docs/performance-history.md
/// "The forty-seventh session"). Read from the plan, as the planner sees the statement.
/// </summary>
public sealed class PolicyCallPlanTests(IndexPlanTests.FreshSchema schema) : IClassFixture<IndexPlanTests.FreshSchema>
{
    private static readonly string[] PolicyFunctions = ["can_view_profile", "can_view_content", "is_blocked_between", "can_view_entity"];

    public static TheoryData<string, string> Statements => new()
    {
        { "account search (GET /users/search, /search)", DiscoverySql.Search },
        { "suggestions computed on the request (GET /users/me/suggestions)", DiscoverySql.Suggestions },
        { "suggestions stored ahead (GET /users/me/suggestions)", StoredSuggestionsSql.Read },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Calls_no_policy_function_per_row(string statement, string sql)
    {
        await using var conn = await schema.Database.DataSource.OpenConnectionAsync();
        var plan = string.Join('\n', await conn.QueryAsync<string>("EXPLAIN (VERBOSE) " + sql,
            new { viewer = Guid.NewGuid(), term = "bench", prefix = "bench%", contains = "%bench%", limit = 20 }));
        var called = PolicyFunctions.Where(f => plan.Contains(f + "(", StringComparison.Ordinal)).ToList();
        Assert.True(called.Count == 0, $"{statement} calls {string.Join(", ", called)} per row:\n{plan}");
    }
}
