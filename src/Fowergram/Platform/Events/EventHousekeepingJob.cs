using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Platform.Events;

/// <summary>
/// Keeps the pipeline's own tables from growing with every event ever written (three consumer markers and
/// an outbox row per like): published outbox rows older than <see cref="EventOptions.OutboxRetention"/> and
/// processed markers older than <see cref="EventOptions.ProcessedRetention"/> are deleted. Unpublished rows
/// stay whatever their age (the relay still owes them to the consumers), and so do the Server host's dead
/// letters (an operator decides about those). A marker outlives its outbox row, so the consumers' look-ups
/// of events in flight (an outbox row without a marker) never mistake a processed event for a pending one.
/// </summary>
public sealed class EventHousekeepingJob(NpgsqlDataSource db, IOptions<EventOptions> options, ILogger<EventHousekeepingJob> logger)
    : IScheduledJob
{
    public const string JobName = "event-housekeeping";
    public const string JobSchedule = "0 50 * * * *";

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var args = new { outboxBefore = now - options.Value.OutboxRetention, markersBefore = now - options.Value.ProcessedRetention };
        await using var conn = await db.OpenConnectionAsync(ct);
        var outbox = await BatchDelete.RunAsync(conn, "outbox", "published_at < @outboxBefore", args, ct);
        var markers = await BatchDelete.RunAsync(conn, "processed_events", "processed_at < @markersBefore", args, ct);
        logger.LogInformation("Event housekeeping deleted {Outbox} published outbox rows and {Markers} processed markers", outbox, markers);
    }
}
