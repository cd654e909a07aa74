using Fowergram.Platform.Options;

namespace Fowergram.Features.Insights;

/// <summary>Bound from the <c>Insights</c> section in both hosts (<c>Insights__ActiveTimesMinimumFollowers</c>).</summary>
public sealed class InsightsOptions : ISelfValidatingOptions
{
    public const string Section = "Insights";

    /// <summary>
    /// How many followers must have been active in the window before their most active times are shown (docs/insights.md
    /// "Most active times"): below it the hours of a handful of followers could be told apart, which a count must never
    /// allow. Instagram shows audience insights from 100 followers on.
    /// </summary>
    public int ActiveTimesMinimumFollowers { get; set; } = 100;

    public IEnumerable<string> Problems()
    {
        if (ActiveTimesMinimumFollowers is < 1 or > 10_000)
            yield return "Insights:ActiveTimesMinimumFollowers must be from 1 to 10,000.";
    }
}
