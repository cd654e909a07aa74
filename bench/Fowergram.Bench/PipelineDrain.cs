using System.Diagnostics;
using Dapper;
using Fowergram.Server.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Bench;

/// <summary>
/// How fast the Server host's event pipeline turns the events a load left behind into consumer effects
/// (counters, notifications, activity rows): the benchmark keeps background services off while it
/// measures requests, then drains here. A counter that is exact "eventually" is only useful if the
/// consumers keep up with the rate the write path accepts.
/// </summary>
public sealed record DrainFigure(long Events, long Deliveries, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Events:N0} events ({Deliveries:N0} consumer deliveries) drained in {Elapsed.TotalSeconds:0.0} s: {EventsPerSecond:N0} events/s";

    public static async Task<DrainFigure> RunAsync(BenchServer server, NpgsqlDataSource db)
    {
        long events;
        await using (var conn = await db.OpenConnectionAsync())
            events = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE published_at IS NULL");
        var before = await ProcessedAsync(db);
        var start = Stopwatch.GetTimestamp();
        await server.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromMinutes(10));
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new DrainFigure(events, await ProcessedAsync(db) - before, elapsed);
    }

    private static async Task<long> ProcessedAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM processed_events");
    }
}
