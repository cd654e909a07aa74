using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// Pushes new notices to their recipients' subscribed browsers (docs/social-graph.md "Push notifications"): every ten
/// seconds, batches of the queue the notifications trigger fills, each notice checked as the inbox shows it at the time
/// of sending (gone, hidden, already read, of a category the recipient turned off, older than Push:MaxAge or arrived in quiet
/// mode: not pushed), sent in parallel,
/// then settled: delivered and refused rows leave the queue, a gone subscription is dropped, the rest wait with backoff
/// until Push:MaxAttempts. Safe to run twice, concurrently or late (rows are leased, <see cref="PushDeliverySql.Claim"/>).
/// </summary>
public sealed class PushDeliveryJob(NpgsqlDataSource db, PushSender sender, IOptions<PushOptions> options,
    ILogger<PushDeliveryJob> logger) : IScheduledJob
{
    public const string JobName = "push-delivery";
    public const string JobSchedule = "*/10 * * * * *";
    private const int Batch = 100;
    private const int MaxBatches = 50;
    private const int TextMax = 300;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromSeconds(10);

    private enum Settle { Delivered, Skip, Later, DropSubscription }

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var (sent, settled) = (0, 0);
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var claimed = (await conn.QueryAsync<ClaimedPush>(new CommandDefinition(PushDeliverySql.Claim,
                new { now, leaseUntil = now + Lease, batch = Batch }, cancellationToken: ct))).ToList();
            if (claimed.Count == 0) break;
            var candidates = await conn.QueryAsync<PushCandidate>(new CommandDefinition(PushDeliverySql.Load, new
            {
                now, notificationIds = claimed.Select(c => c.NotificationId).ToArray(), createdAts = claimed.Select(c => c.NotificationCreatedAt).ToArray(),
                subscriptionIds = claimed.Select(c => c.SubscriptionId).ToArray(), attempts = claimed.Select(c => c.Attempts).ToArray(),
            }, cancellationToken: ct));
            var outcomes = new ConcurrentBag<(PushCandidate Push, Settle Settle, DateTimeOffset? DueAt)>();
            var toSend = new List<PushCandidate>();
            var quiet = new Dictionary<Guid, QuietMode?>();
            foreach (var c in candidates)
            {
                if (!c.SessionLive) outcomes.Add((c, Settle.DropSubscription, null));
                else if (!c.Shown || !c.Wanted || c.CreatedAt < now - options.Value.MaxAge) outcomes.Add((c, Settle.Skip, null));
                else
                {
                    if (!quiet.TryGetValue(c.UserId, out var mode)) quiet[c.UserId] = mode = await QuietMode.LoadAsync(conn, null, c.UserId, ct);
                    // Quiet mode pauses pushes: what arrives meanwhile waits in the inbox (marked duringQuietMode), unbuzzed.
                    if (mode is null || mode.Current(now) is { } period && c.CreatedAt >= period.StartedAt) outcomes.Add((c, Settle.Skip, null));
                    else toSend.Add(c);
                }
            }
            await Parallel.ForEachAsync(toSend, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (c, token) =>
            {
                var result = await sender.SendAsync(c.Endpoint, c.P256dh, c.Auth, Payload(c), options.Value.MaxAge - (now - c.CreatedAt!.Value), now, token);
                outcomes.Add(result.Outcome switch
                {
                    PushOutcome.Delivered => (c, Settle.Delivered, null),
                    PushOutcome.Gone => (c, Settle.DropSubscription, null),
                    PushOutcome.Retry when c.Attempts < options.Value.MaxAttempts => (c, Settle.Later, now + Backoff(c.Attempts, result.RetryAfter)),
                    _ => (c, Settle.Skip, null),
                });
            });
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                foreach (var (c, settle, dueAt) in outcomes)
                {
                    var args = new { notificationId = c.NotificationId, subscriptionId = c.SubscriptionId, now, dueAt };
                    var sql = settle switch
                    {
                        Settle.Delivered => PushDeliverySql.Done + ";" + PushDeliverySql.Delivered,
                        Settle.Later => PushDeliverySql.Later,
                        Settle.DropSubscription => PushDeliverySql.DropSubscription,
                        _ => PushDeliverySql.Done,
                    };
                    await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
                }
                await tx.CommitAsync(ct);
            }
            sent += outcomes.Count(o => o.Settle == Settle.Delivered);
            settled += claimed.Count;
            if (claimed.Count < Batch) break;
        }
        if (settled > 0) logger.LogInformation("Push delivery settled {Settled} queued pushes, {Sent} delivered", settled, sent);
    }

    /// <summary>30 s, 1 min, 2 min … at most an hour; a push service's Retry-After within that hour wins.</summary>
    private static TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero && asked <= LongestRetry) return asked;
        var delay = FirstRetry * Math.Pow(2, Math.Min(attempts - 1, 10));
        return delay < LongestRetry ? delay : LongestRetry;
    }

    /// <summary>What the service worker shows: the inbox's sentence and enough to open the thing (an element of the 4 kB one record holds).</summary>
    private static byte[] Payload(PushCandidate c)
    {
        var view = NotificationTexts.ToView(c.ToNotification());
        var text = view.Text.Length <= TextMax ? view.Text
            : view.Text[..(char.IsHighSurrogate(view.Text[TextMax - 2]) ? TextMax - 2 : TextMax - 1)] + "…";
        return JsonSerializer.SerializeToUtf8Bytes(new PushPayload(view.Id, view.Type, text, view.EntityType, view.EntityId,
            view.Actor?.Username, view.CreatedAt), ApiJson.Options);
    }
}

/// <summary>The decrypted push message (JSON, camelCase, nulls omitted).</summary>
public sealed record PushPayload(Guid Id, string Type, string Text, string? EntityType, Guid? EntityId, string? Actor, DateTimeOffset CreatedAt);
