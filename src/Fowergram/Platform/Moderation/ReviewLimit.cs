namespace Fowergram.Platform.Moderation;

/// <summary>
/// "Limited while in review" (docs/moderation.md): a post, reel, long-form video, product or broadcast channel that
/// <see cref="Reports"/> or more accounts reported, with those reports still open or being reviewed, is left out of what
/// Fowergram recommends to people who do not follow its owner — explore, the reels tab, trending reels, hashtag pages, sound
/// pages, place pages, keyword search, suggested and trending channels, and the count that ranks trending hashtags (get_trending_hashtags,
/// migration 0224, which repeats <see cref="Reports"/> in SQL: TrendingFunctionTests hold it to this one) — until a moderator
/// closes the reports. Its owner, its followers and anyone with
/// its link see it as before, so a pile-on of reports can narrow its reach but not take it down. Computed at read time from
/// the reports themselves (reports_target: almost every target has no report, an empty range), so closing the reports,
/// whatever the outcome, lifts the limit with nothing else to keep in step.
/// </summary>
public static class ReviewLimit
{
    /// <summary>Open reports from distinct accounts (reports_once_per_reporter_key) that limit a target of <see cref="Kinds"/>.</summary>
    public const int Reports = 3;

    /// <summary>The kinds of report target that can be limited: those with a reach to narrow beyond their owner's pages and links.</summary>
    public static readonly string[] Kinds = ["post", "reel", "igtv_video", "product", "broadcast_channel"];

    /// <summary>SQL: the <paramref name="targetType"/> (one of <see cref="Kinds"/>) whose id is <paramref name="idColumn"/> is not limited.</summary>
    public static string NotLimited(string targetType, string idColumn) => $"{OpenReports($"'{targetType}'", idColumn)} < {Reports}";

    /// <summary>SQL for the moderators' queue: the target of the report row <paramref name="report"/> is limited now.</summary>
    public static string Limited(string report) =>
        $"({report}.target_type IN ({string.Join(", ", Kinds.Select(k => $"'{k}'"))}) AND {OpenReports($"{report}.target_type", $"{report}.target_id")} >= {Reports})";

    private static string OpenReports(string targetType, string idColumn) => $"""
        (SELECT count(*) FROM reports lr
          WHERE lr.target_type = {targetType} AND lr.target_id = {idColumn} AND lr.status IN ('open', 'reviewing'))
        """;
}
