namespace Fowergram.Platform.Moderation;

/// <summary>
/// "Limited while in review" (docs/moderation.md): a post or reel that <see cref="Reports"/> or more accounts reported, with
/// those reports still open or being reviewed, is left out of what Fowergram recommends to people who do not follow its
/// author — explore, the reels tab, trending reels and hashtag pages — until a moderator closes the reports. Its author, its
/// followers and anyone with its link see it as before, so a pile-on of reports can narrow its reach but not take it down.
/// Computed at read time from the reports themselves (reports_target: almost every post has no report, an empty range), so
/// closing the reports, whatever the outcome, lifts the limit with nothing else to keep in step.
/// </summary>
public static class ReviewLimit
{
    /// <summary>Open reports from distinct accounts (reports_once_per_reporter_key) that limit a post or reel.</summary>
    public const int Reports = 3;

    /// <summary>SQL: the <paramref name="targetType"/> ('post' or 'reel') whose id is <paramref name="idColumn"/> is not limited.</summary>
    public static string NotLimited(string targetType, string idColumn) => $"{OpenReports($"'{targetType}'", idColumn)} < {Reports}";

    /// <summary>SQL for the moderators' queue: the target of the report row <paramref name="report"/> is limited now.</summary>
    public static string Limited(string report) =>
        $"({report}.target_type IN ('post', 'reel') AND {OpenReports($"{report}.target_type", $"{report}.target_id")} >= {Reports})";

    private static string OpenReports(string targetType, string idColumn) => $"""
        (SELECT count(*) FROM reports lr
          WHERE lr.target_type = {targetType} AND lr.target_id = {idColumn} AND lr.status IN ('open', 'reviewing'))
        """;
}
