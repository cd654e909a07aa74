using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// Lifts temporary suspensions that ended (docs/moderation.md "Suspensions", migration 0116): the row goes and the account
/// is active again, in batches of short transactions. Idempotent, safe to run twice, concurrently or late: logging in
/// lifts an ended suspension at once (UsersSql), so only the account's visibility to others waits for this job.
/// </summary>
public sealed class SuspensionExpiryJob(NpgsqlDataSource db, ILogger<SuspensionExpiryJob> logger) : IScheduledJob
{
    public const string JobName = "suspension-expiry";
    public const string JobSchedule = "0 */5 * * * *";
    internal const int BatchSize = 500;

    // SKIP LOCKED: a concurrent run (or a login lifting one) takes other rows instead of waiting for these. Locked in a
    // statement of its own (SuspensionsSql.Lock): the lifting statement's snapshot then sees every appeal written before.
    private const string LockEnded = """
        SELECT user_id FROM account_suspensions WHERE until <= @now ORDER BY until LIMIT @batch FOR UPDATE SKIP LOCKED
        """;

    private static readonly string LiftLocked = $"""
        WITH gone AS (DELETE FROM account_suspensions WHERE user_id = ANY(@ids) RETURNING user_id),
        {SuspensionsSql.Activated}
        SELECT count(*) FROM gone
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var lifted = 0L;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(LockEnded, new { now, batch = BatchSize }, tx, cancellationToken: ct))).ToArray();
            lifted += await conn.ExecuteScalarAsync<long>(new CommandDefinition(LiftLocked, new { ids, now }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            if (ids.Length < BatchSize) break;
        }
        if (lifted > 0) logger.LogInformation("Lifted {Count} suspensions that ended", lifted);
    }
}
