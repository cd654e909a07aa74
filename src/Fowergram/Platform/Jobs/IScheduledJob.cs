namespace Fowergram.Platform.Jobs;

/// <summary>
/// Housekeeping run on a schedule: a [TimerTrigger] in the Functions host, a background loop in the
/// Server host. Jobs are idempotent and safe to run twice, concurrently or late; reads never depend on them.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Kebab-case and stable; the Functions timer function carries the same name.</summary>
    string Name { get; }

    /// <summary>NCRONTAB (six fields, seconds first) of the Functions timer, e.g. "0 */5 * * * *".</summary>
    string Schedule { get; }

    /// <summary>How often the Server host runs it.</summary>
    TimeSpan Interval { get; }

    Task RunAsync(DateTimeOffset now, CancellationToken ct);
}
