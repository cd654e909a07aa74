using System.Diagnostics;
using Dapper;
using Fowergram.Features.Media;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Platform.Purge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Takes apart the accounts deleted more than Auth:DeletionGrace ago (docs/accounts.md "Deleting an account"):
/// every area's <see cref="IAccountPurgeStep"/> removes the account's rows with their events, batch after batch in
/// short transactions; once a run finds nothing left, Auth:PurgeSettle has passed and every stored object of
/// the account is deleted, the users row goes and the rest cascades. Idempotent and safe to run twice,
/// concurrently or late: each row is removed, and its event raised, by exactly one transaction.
/// </summary>
public sealed class AccountPurgeJob(NpgsqlDataSource db, IEnumerable<IAccountPurgeStep> steps, IOptions<AuthOptions> options,
    ILogger<AccountPurgeJob> logger) : IScheduledJob
{
    public const string JobName = "account-purge";
    public const string JobSchedule = "0 40 * * * *";
    internal const int BatchSize = 500;
    /// <summary>Due accounts are taken a page at a time; a run goes on to the next page while its budget lasts.</summary>
    internal const int AccountsPerPage = 20;
    /// <summary>
    /// How long a run starts new accounts: under the Consumption plan's 5-minute function limit. Until 2026-12-07 a run took 20
    /// accounts and stopped, so deletions beyond ~10 an hour (each needs a run to empty it and one after its settle) queued for ever.
    /// </summary>
    internal static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(4);
    /// <summary>Bounds one run's work per account; the next run goes on where it stopped.</summary>
    internal const int BatchesPerAccount = 200;

    // A page of due accounts after the last one this run took (keyset: a run never takes an account twice). An account resting
    // in its settle (quiet, Auth:PurgeSettle not yet passed) has nothing to do until then and is not taken: it held a slot before.
    private const string Due = """
        SELECT id, deleted_at AS DeletedAt FROM users
         WHERE deleted_at IS NOT NULL AND deleted_at <= @cutoff AND (@afterAt::timestamptz IS NULL OR (deleted_at, id) > (@afterAt::timestamptz, @afterId::uuid))
           AND (purge_quiet_at IS NULL OR purge_quiet_at <= @settledBefore)
         ORDER BY deleted_at, id LIMIT @take
        """;

    private const string Start = """
        UPDATE users SET purge_started_at = coalesce(purge_started_at, @now)
         WHERE id = @userId AND deleted_at IS NOT NULL AND deleted_at <= @cutoff
        """;

    private const string Busy = "UPDATE users SET purge_quiet_at = NULL WHERE id = @userId AND purge_quiet_at IS NOT NULL";

    private const string Quiet = "UPDATE users SET purge_quiet_at = coalesce(purge_quiet_at, @now) WHERE id = @userId";

    // Every stored object of the account is deleted, or its refusal recorded by media-cleanup: the record names the object and
    // outlives the upload row, and the job goes on at it, given up or not (docs/media.md "Refused deletes"). Before, the purge
    // waited on such an object, so a leased blob kept the person's every row until a moderator's retry succeeded.
    private static readonly string Remove = $"""
        DELETE FROM users u
         WHERE u.id = @userId AND u.purge_quiet_at <= @settledBefore
           AND NOT EXISTS (SELECT 1 FROM uploads up WHERE up.user_id = u.id AND up.object_deleted_at IS NULL
                              AND NOT {MediaDeleteFailures.Tracked(MediaCleanupJob.JobName, "up.id")})
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.DeletionGrace;
        var settledBefore = now - options.Value.PurgeSettle;
        var started = Stopwatch.GetTimestamp();
        await using var conn = await db.OpenConnectionAsync(ct);
        (DateTimeOffset? At, Guid? Id) after = (null, null);
        while (Stopwatch.GetElapsedTime(started) < RunBudget)
        {
            var due = (await conn.QueryAsync<(Guid Id, DateTimeOffset DeletedAt)>(new CommandDefinition(Due,
                new { cutoff, settledBefore, afterAt = after.At, afterId = after.Id, take = AccountsPerPage }, cancellationToken: ct))).ToList();
            foreach (var (userId, _) in due)
            {
                if (Stopwatch.GetElapsedTime(started) >= RunBudget) return;
                if (await conn.ExecuteAsync(new CommandDefinition(Start, new { userId, cutoff, now }, cancellationToken: ct)) == 0) continue;
                var removed = await PurgeAsync(conn, userId, now, ct);
                var gone = removed == 0 && await conn.ExecuteAsync(new CommandDefinition(Remove,
                    new { userId, settledBefore }, cancellationToken: ct)) == 1;
                logger.LogInformation("Account purge of {UserId}: {Removed} row(s) removed this run, account row deleted: {Gone}", userId, removed, gone);
            }
            if (due.Count < AccountsPerPage) return;
            after = (due[^1].DeletedAt, due[^1].Id);
        }
    }

    /// <summary>Runs the steps until they find nothing (returns 0) or the run's share is used up (internal: tests drive one account).</summary>
    internal async Task<long> PurgeAsync(NpgsqlConnection conn, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        long total = 0;
        for (var batch = 0; batch < BatchesPerAccount; batch++)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var removed = 0;
            foreach (var step in steps) removed += await step.PurgeAsync(conn, tx, userId, BatchSize, now, ct);
            await conn.ExecuteAsync(new CommandDefinition(removed == 0 ? Quiet : Busy, new { userId, now }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            if (removed == 0) return total;
            total += removed;
        }
        return total;
    }
}
