using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>
/// Deletes profile visits older than the longest insights window (<see cref="InsightsApi.MaxDays"/> days): nothing reads
/// them any more, and a visit is the visitor's personal data, kept no longer than it is used. Batches of short
/// statements through <c>profile_visits_day</c>; idempotent, safe to run twice, concurrently or late.
/// </summary>
public sealed class ProfileVisitsRetentionJob(NpgsqlDataSource db, ILogger<ProfileVisitsRetentionJob> logger) : IScheduledJob
{
    public const string JobName = "profile-visits-retention";
    public const string JobSchedule = "0 10 4 * * *";

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromDays(1);

    /// <summary>The first UTC day still kept at <paramref name="now"/>: the insights window's oldest day.</summary>
    public static DateOnly OldestKept(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - InsightsApi.MaxDays);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = await BatchDelete.RunAsync(conn, "profile_visits", "day < @oldest", new { oldest = OldestKept(now) }, ct);
        logger.LogInformation("Profile visits retention deleted {Deleted} visits", deleted);
    }
}
