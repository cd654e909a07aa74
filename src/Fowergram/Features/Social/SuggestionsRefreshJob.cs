using System.Diagnostics;
using System.Globalization;
using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Computes ahead the suggestions of callers whose graph is too large to compute on a request (user_suggestion_runs, migration
/// 0229): those a read asked for, and those due for their refresh who read suggestions within
/// <see cref="SuggestionsOptions.ActiveWindow"/>. Each batch claims its runs <c>FOR NO KEY UPDATE SKIP LOCKED</c>, so
/// concurrent runs take disjoint batches and a read never waits for one (it skips a locked run too); each list is replaced
/// in the batch's transaction, so a reader sees the old list or the new one. Idempotent: a computed run is not due again
/// before <see cref="SuggestionsOptions.RefreshAge"/>. Each computation is bounded by <see cref="SuggestionsOptions.ComputeTimeout"/>;
/// one that times out is backed off, does not take the batch with it, and leaves the list of a bounded sample of the graph.
/// A run starts computations for <see cref="SuggestionsOptions.RunBudget"/> only; what it leaves stays due for the next run.
/// </summary>
public sealed class SuggestionsRefreshJob(NpgsqlDataSource db, IOptions<SuggestionsOptions> options, ILogger<SuggestionsRefreshJob> logger)
    : IScheduledJob
{
    public const string JobName = "suggestions-refresh";
    public const string JobSchedule = "0 */5 * * * *";

    /// <summary>
    /// Accounts stored per list: the route's largest page (50) and as many again, so that a page stays full until more than
    /// that margin of the list was re-checked away (followed, blocked, dismissed …) before the list is computed again.
    /// The read costs what these rows cost.
    /// </summary>
    public const int Keep = PageRequest.MaxLimit * 2;

    /// <summary>Runs per transaction: one user's graph may take seconds, and the batch's runs stay locked until it commits.</summary>
    public const int Batch = 10;

    private const string Savepoint = "suggestions_run";

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public Task RunAsync(DateTimeOffset now, CancellationToken ct) => RefreshAsync(now, ct);

    /// <summary>Returns how many lists were computed in this run.</summary>
    public async Task<int> RefreshAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();
        var (computed, spent) = (0, false);
        bool OverBudget() => Stopwatch.GetElapsedTime(started) >= settings.RunBudget;
        await using var conn = await db.OpenConnectionAsync(ct);
        // Until 2026-12-07 a run went on until no run was due: a backlog (a deploy, an outage, many large graphs at once) ran
        // past the host's function time limit, which killed it mid-batch and rolled that batch's lists back.
        while (!spent)
        {
            if (spent = OverBudget()) break;
            await using var tx = await conn.BeginTransactionAsync(ct);
            var runs = (await conn.QueryAsync<(Guid UserId, DateTimeOffset ReadAt, bool Active)>(new CommandDefinition(StoredSuggestionsSql.Claim,
                new { now, batch = Batch }, tx, cancellationToken: ct))).ToList();
            var idle = runs.Where(r => !r.Active || r.ReadAt <= now - settings.ActiveWindow).Select(r => r.UserId).ToArray();
            if (idle.Length > 0)
                await conn.ExecuteAsync(new CommandDefinition(StoredSuggestionsSql.Retire, new { users = idle }, tx, cancellationToken: ct));
            foreach (var user in runs.Select(r => r.UserId).Except(idle))
            {
                // A claimed run not started stays due (its lock ends with the commit), oldest first for the next run.
                if (spent = OverBudget()) break;
                if (await ComputeAsync(conn, tx, user, now, settings, ct)) computed++;
            }
            await tx.CommitAsync(ct);
            if (spent || runs.Count < Batch) break;
        }
        if (computed > 0) logger.LogInformation("Suggestions refresh computed {Count} list(s)", computed);
        if (spent) logger.LogWarning("Suggestions refresh spent its run budget ({Budget}); any runs still due wait for the next run", settings.RunBudget);
        return computed;
    }

    /// <summary>
    /// Replaces one user's list under Suggestions:ComputeTimeout, in a savepoint of the batch's transaction. A graph too large
    /// for the timeout is rolled back, counted and backed off (<see cref="StoredSuggestionsSql.TimedOut"/>), and the list of a
    /// bounded sample of its graph is stored instead (<see cref="StoredSuggestionsSql.ReplaceSampled"/>), so that a user
    /// whose graph always times out still gets suggestions; should that time out too, the old list is kept. The batch goes on
    /// with the next user either way. False when the whole computation timed out.
    /// </summary>
    private async Task<bool> ComputeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid user, DateTimeOffset now, SuggestionsOptions settings,
        CancellationToken ct)
    {
        if (await TryReplaceAsync(conn, tx, StoredSuggestionsSql.Replace,
                new { user, keep = Keep, now, refreshAge = settings.RefreshAge, timeout = Milliseconds(settings.ComputeTimeout) }, ct))
            return true;
        var (timeouts, retryAt) = await conn.QuerySingleAsync<(int, DateTimeOffset)>(new CommandDefinition(StoredSuggestionsSql.TimedOut,
            new { user, now, freshFor = settings.FreshFor, refreshAge = settings.RefreshAge }, tx, cancellationToken: ct));
        var sampled = await TryReplaceAsync(conn, tx, StoredSuggestionsSql.ReplaceSampled,
            new { user, keep = Keep, now, timeout = Milliseconds(settings.SampleTimeout), followees = settings.SampleFollowees,
                follows = settings.SampleFollowsEach }, ct);
        logger.LogWarning("Suggestions of user {UserId} timed out after {Timeout} ({Timeouts} in a row); {Stored}; next try at {RetryAt}",
            user, settings.ComputeTimeout, timeouts, sampled ? "the list of a sample of the graph stored" : "the sample timed out too, the old list kept",
            retryAt);
        return false;
    }

    /// <summary>A statement timeout as set_config takes it: whole milliseconds, as text.</summary>
    private static string Milliseconds(TimeSpan timeout) => ((long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs one replace in a savepoint; false, rolled back to it, when its statement timeout cancelled it.</summary>
    private static async Task<bool> TryReplaceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, object parameters, CancellationToken ct)
    {
        await tx.SaveAsync(Savepoint, ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
            await tx.ReleaseAsync(Savepoint, ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !ct.IsCancellationRequested)
        {
            await tx.RollbackAsync(Savepoint, ct);
            return false;
        }
    }
}
