using System.Text.Json;

namespace Fowergram.Tests.DataModel;

/// <summary>The nodes of an <c>EXPLAIN (FORMAT JSON)</c> plan, the root first and every sub-plan after its parent, for the plan tests.</summary>
internal static class PlanTree
{
    public static IEnumerable<JsonElement> Nodes(string explainJson) => Below(JsonDocument.Parse(explainJson).RootElement[0].GetProperty("Plan"));

    private static IEnumerable<JsonElement> Below(JsonElement plan)
    {
        yield return plan;
        if (!plan.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
            foreach (var node in Below(child))
                yield return node;
    }
}
