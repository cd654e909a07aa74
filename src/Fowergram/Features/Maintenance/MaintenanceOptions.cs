using Fowergram.Platform.Options;

namespace Fowergram.Features.Maintenance;

/// <summary>
/// Bound from the <c>Maintenance</c> section in both hosts. How long the time-series tables keep their
/// monthly partitions; 0 keeps them forever. A month is dropped whole once it ended more than the
/// retention ago, so between N and N + 1 months are kept.
/// </summary>
public sealed class MaintenanceOptions : ISelfValidatingOptions
{
    public const string Section = "Maintenance";

    /// <summary>Notices (likes, comments, follows …): the inbox shows recent activity, as Instagram's does.</summary>
    public int NotificationRetentionMonths { get; set; } = 6;

    /// <summary>The analytics log (user_activities): a year and a month, for year-over-year figures.</summary>
    public int ActivityRetentionMonths { get; set; } = 13;

    /// <summary>Months kept per partitioned table (PartitionMaintenanceJob.PartitionedTables).</summary>
    public int RetentionMonths(string table) => table switch
    {
        "notifications" => NotificationRetentionMonths,
        "user_activities" => ActivityRetentionMonths,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a partitioned table."),
    };

    public IEnumerable<string> Problems()
    {
        if (NotificationRetentionMonths is < 0 or > 120) yield return "Maintenance:NotificationRetentionMonths must be between 0 (keep forever) and 120.";
        if (ActivityRetentionMonths is < 0 or > 120) yield return "Maintenance:ActivityRetentionMonths must be between 0 (keep forever) and 120.";
    }
}
