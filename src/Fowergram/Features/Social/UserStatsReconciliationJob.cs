using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Recomputes user_stats (followers, following, posts) and reports drift — the profile counters'
/// counterpart of the posts area's counter-reconciliation. The truth is what the consumers recorded as
/// counted: follows with <c>counted</c> (social-counters) and posts whose post_counter_state is
/// <c>counted</c> (post-counters), plus the counted follows already deleted whose follow.deleted
/// social-counters has not applied yet (in flight, not drift; an event older than
/// <see cref="InFlightWindow"/> that was never applied is taken as lost). A counter is fixed under its row
/// lock — the lock every consumer takes to change it — so a consumer's change is either entirely before
/// the recount or entirely after. Idempotent; safe beside the consumers, twice or concurrently.
/// </summary>
public sealed class UserStatsReconciliationJob(NpgsqlDataSource db, ILogger<UserStatsReconciliationJob> logger) : IScheduledJob
{
    public const string JobName = "user-stats-reconciliation";
    public const string JobSchedule = "0 45 3 * * *";
    public static readonly TimeSpan InFlightWindow = TimeSpan.FromHours(1);
    private const int Batch = 500;

    private const string Followers = "SELECT count(*) FROM follows f WHERE f.following_id = s.user_id AND f.counted";
    private const string Following = "SELECT count(*) FROM follows f WHERE f.follower_id = s.user_id AND f.counted";
    private const string Posts = """
        SELECT count(*) FROM posts p JOIN post_counter_state c ON c.post_id = p.id WHERE p.user_id = s.user_id AND c.counted
        """;

    /// <summary>Counted follows of the user (as <paramref name="side"/>: followingId or followerId) deleted, but not yet subtracted.</summary>
    private static string Unapplied(string side) => $"""
        SELECT count(*) FROM outbox o
        WHERE o.type = '{SocialEvents.FollowDeleted}' AND o.occurred_at > @since
          AND (o.payload->>'{Outbox.JsonName(nameof(FollowDeletedPayload.WasCounted))}')::boolean
          AND o.payload->>'{Outbox.JsonName(side)}' = s.user_id::text
          AND NOT EXISTS (SELECT 1 FROM processed_events e WHERE e.consumer = '{SocialCountersConsumer.ConsumerName}' AND e.event_id = o.id)
        """;

    // Cheap first pass without locks and without in-flight events: only users whose counters differ from
    // their rows are looked at closely.
    private const string Candidates = $"""
        SELECT s.user_id FROM user_stats s
        WHERE s.user_id > @after AND s.user_id <= @batchEnd AND (@ids::uuid[] IS NULL OR s.user_id = ANY(@ids))
          AND (s.follower_count <> ({Followers}) OR s.following_count <> ({Following}) OR s.post_count <> ({Posts}))
        ORDER BY s.user_id
        """;

    private const string NextAfter = """
        SELECT user_id FROM (SELECT user_id FROM user_stats WHERE user_id > @after ORDER BY user_id LIMIT @batch) b
        ORDER BY user_id DESC LIMIT 1
        """;

    private const string Lock = "SELECT follower_count, following_count, post_count FROM user_stats s WHERE s.user_id = @userId FOR UPDATE";

    // Its own statement after the lock, so its snapshot includes every consumer that changed the row before.
    private static readonly string Expected = $"""
        SELECT ({Followers}) + ({Unapplied(nameof(FollowDeletedPayload.FollowingId))}) AS follower_count,
               ({Following}) + ({Unapplied(nameof(FollowDeletedPayload.FollowerId))}) AS following_count,
               ({Posts}) AS post_count
        FROM user_stats s WHERE s.user_id = @userId
        """;

    private const string Set = """
        UPDATE user_stats SET follower_count = @FollowerCount, following_count = @FollowingCount, post_count = @PostCount, updated_at = @now
        WHERE user_id = @userId
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(24);

    public Task RunAsync(DateTimeOffset now, CancellationToken ct) => ReconcileAsync(now, null, ct);

    /// <summary>Reconciles every user's stats (or only <paramref name="userIds"/>'); returns how many users' counters were fixed.</summary>
    public async Task<int> ReconcileAsync(DateTimeOffset now, IReadOnlyCollection<Guid>? userIds, CancellationToken ct)
    {
        var ids = userIds?.ToArray();
        var fixedUsers = 0;
        var after = Guid.Empty;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(NextAfter, new { after, batch = Batch }, cancellationToken: ct)) is { } batchEnd)
        {
            var candidates = await conn.QueryAsync<Guid>(new CommandDefinition(Candidates, new { after, batchEnd, ids }, cancellationToken: ct));
            foreach (var userId in candidates)
                if (await FixAsync(userId, now, ct)) fixedUsers++;
            after = batchEnd;
        }
        if (fixedUsers > 0) logger.LogWarning("User stats reconciliation fixed the counters of {Count} user(s)", fixedUsers);
        else logger.LogInformation("User stats reconciliation found no drift");
        return fixedUsers;
    }

    private async Task<bool> FixAsync(Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var stored = await conn.QuerySingleOrDefaultAsync<Counts>(new CommandDefinition(Lock, new { userId }, tx, cancellationToken: ct));
        if (stored is null) return false;
        var expected = await conn.QuerySingleAsync<Counts>(new CommandDefinition(Expected, new { userId, since = now - InFlightWindow }, tx, cancellationToken: ct));
        if (expected == stored) return false;
        await conn.ExecuteAsync(new CommandDefinition(Set, new { expected.FollowerCount, expected.FollowingCount, expected.PostCount, userId, now }, tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
        logger.LogWarning("Drift in the stats of user {UserId}: stored {Stored}, expected {Expected}; fixed", userId, stored, expected);
        return true;
    }

    private sealed record Counts
    {
        public long FollowerCount { get; init; }
        public long FollowingCount { get; init; }
        public long PostCount { get; init; }
    }
}
