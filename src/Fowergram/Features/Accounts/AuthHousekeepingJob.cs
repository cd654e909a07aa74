using Fowergram.Platform.Auth;
using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.WriteLimits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Deletes the accounts area's rows that no longer decide anything: mail, address and login throttles (an account's or a login naming none) whose
/// window (and lock) ended, write allowances whose hour and day both ended (<see cref="WriteAllowances"/>), and verification and reset tokens a day after they expired (a spent or expired token
/// gets the same answer as an unknown one, so nothing changes for a user), trusted devices and passkey challenges once expired, and push subscriptions of sessions that ended. Batches of short transactions;
/// idempotent, safe to run twice, concurrently or late. Refresh tokens: a rotated one is its family's reuse record until
/// a day after its own expiry (replaying it before then revokes the family; after, it could not have been used anyway), a
/// revoked one stays a day past the window in which instances read ended sessions (migration 0205).
/// </summary>
public sealed class AuthHousekeepingJob(NpgsqlDataSource db, IOptions<AuthOptions> options, ILogger<AuthHousekeepingJob> logger)
    : IScheduledJob
{
    public const string JobName = "auth-housekeeping";
    public const string JobSchedule = "0 20 * * * *";
    internal const int BatchSize = BatchDelete.DefaultBatchSize;
    internal static readonly TimeSpan TokenGrace = TimeSpan.FromDays(1);

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var auth = options.Value;
        var args = new
        {
            now,
            mailWindowStart = now - auth.MailRequestWindow,
            addressWindowStart = now - auth.AddressRequestWindow,
            loginWindowStart = now - auth.LoginFailureWindow,
            tokensExpiredBefore = now - TokenGrace,
            sessionsEndedBefore = now - auth.AccessTokenLifetime - TokenGrace,
            allowanceHourAgo = now - WriteAllowances.Hour,
            allowanceDayAgo = now - WriteAllowances.Day,
        };
        var deleted = new Dictionary<string, long>();
        await using var conn = await db.OpenConnectionAsync(ct);
        foreach (var (table, condition, lockOrder) in Stale)
            deleted[table] = await BatchDelete.RunAsync(conn, table, condition, args, ct, BatchSize, lockOrder);
        logger.LogInformation("Auth housekeeping deleted {Deleted}", string.Join(", ", deleted.Select(d => $"{d.Value} from {d.Key}")));
    }

    private static readonly (string Table, string Condition, string? LockOrder)[] Stale =
    [
        ("mail_throttles", "window_starts_at <= @mailWindowStart", null),
        ("write_allowances", WriteAllowances.StaleCondition, null),
        ("address_throttles", "window_starts_at <= @addressWindowStart", null),
        ("login_throttles", "window_starts_at <= @loginWindowStart AND (locked_until IS NULL OR locked_until <= @now)", null),
        ("unknown_login_throttles", "window_starts_at <= @loginWindowStart AND (locked_until IS NULL OR locked_until <= @now)", null),
        ("email_verifications", "expires_at < @tokensExpiredBefore", null),
        ("password_resets", "expires_at < @tokensExpiredBefore", null),
        ("email_change_reverts", "expires_at < @tokensExpiredBefore", null),
        ("two_factor_reverts", "expires_at < @tokensExpiredBefore", null),
        ("two_factor_trusted_devices", "expires_at <= @now", null),
        ("passkey_challenges", "expires_at <= @now", null),
        // A logged-out browser's push subscription: never pushed to again, and its endpoint no longer kept. In id order, as
        // push-delivery's settle locks a batch's (PushDeliverySql.LockSubscriptions) and drops the ended ones too.
        ("push_subscriptions", $"NOT {Notifications.Push.PushSubscriptionsSql.LiveSession("push_subscriptions")}", "id"),
        // After the push subscriptions, which a revoked family's end drops first. Two partial indexes, one per branch.
        ("refresh_tokens", "(rotated_at IS NOT NULL AND expires_at < @tokensExpiredBefore) OR revoked_at < @sessionsEndedBefore", null),
    ];
}
