using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Profiles;
using Fowergram.Platform.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// Pushes new notices and direct messages to their recipients' subscribed browsers (Web Push, <see cref="PushSender"/>) and
/// apps (Firebase Cloud Messaging, <see cref="FcmSender"/>, or APNs, <see cref="ApnsSender"/>; docs/social-graph.md "Push
/// notifications", "Native app pushes"): every ten seconds, each <see cref="PushQueue"/> in batches of leased rows (<see cref="PushQueue.Claim"/>),
/// each item checked by its queue as its reader would see it at the time of sending (gone, hidden, already read, of a
/// category the recipient turned off), then by the job (older than Push:MaxAge, the recipient in quiet mode, a session ended),
/// folded per browser by its queue (<see cref="PushQueue.Bundles"/>: a burst of likes is one push), sent in parallel and settled: delivered and refused rows leave the queue, a gone subscription is dropped, the rest wait
/// with backoff until Push:MaxAttempts. Safe to run twice, concurrently or late.
/// </summary>
public sealed class PushDeliveryJob(NpgsqlDataSource db, PushSender sender, FcmSender fcm, ApnsSender apns, IEnumerable<PushQueue> queues, IOptions<PushOptions> options,
    TimeProvider time, ILogger<PushDeliveryJob> logger) : IScheduledJob
{
    public const string JobName = "push-delivery";
    public const string JobSchedule = "*/10 * * * * *";
    private const int Batch = 100;
    /// <summary>Rows one batch may claim: the due rows of up to <see cref="Batch"/> browsers, a burst for one of them included.</summary>
    private const int ClaimLimit = 1_000;
    private const int MaxBatches = 50;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    /// <summary>
    /// How long before its lease ends a batch stops starting sends: more than one send can take (the senders' HTTP timeout,
    /// 10 s), so no send of a batch is still under way when its rows can be claimed again.
    /// </summary>
    internal static readonly TimeSpan SendMargin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromSeconds(10);

    private enum Settle { Delivered, Skip, Later, DropSubscription, Unsent }

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        // The run's time moves on with the clock: a run of many batches (or one batch of slow push services) takes minutes,
        // and a lease reckoned from the run's start was already over for its later batches, whose rows another instance's run
        // could then claim and push a second time while this one pushed them too.
        var started = time.GetUtcNow();
        DateTimeOffset Clock() => now + (time.GetUtcNow() - started);
        foreach (var queue in queues)
        {
            await using (var conn = await db.OpenConnectionAsync(ct)) await queue.PrepareAsync(conn, Clock(), ct);
            var (sent, settled) = (0, 0);
            for (var i = 0; i < MaxBatches; i++)
            {
                var (claimed, delivered) = await RunBatchAsync(queue, Clock, ct);
                (sent, settled) = (sent + delivered, settled + claimed);
                if (claimed == 0) break; // nothing due, or all of it held by another run
            }
            if (settled > 0) logger.LogInformation("Push delivery settled {Settled} queued pushes of {Queue}, {Sent} delivered", settled, queue.Table, sent);
        }
    }

    private async Task<(int Claimed, int Delivered)> RunBatchAsync(PushQueue queue, Func<DateTimeOffset> clock, CancellationToken ct)
    {
        var now = clock();
        var sendBy = now + Lease - SendMargin;
        await using var conn = await db.OpenConnectionAsync(ct);
        var claimed = (await conn.QueryAsync<ClaimedPush>(new CommandDefinition(queue.Claim,
            new { now, leaseUntil = now + Lease, batch = Batch, claimLimit = ClaimLimit }, cancellationToken: ct))).ToList();
        if (claimed.Count == 0) return (0, 0);
        var args = new DynamicParameters(new
        {
            now, itemIds = claimed.Select(c => c.ItemId).ToArray(), createdAts = claimed.Select(c => c.ItemCreatedAt).ToArray(),
            subscriptionIds = claimed.Select(c => c.SubscriptionId).ToArray(), attempts = claimed.Select(c => c.Attempts).ToArray(),
        });
        if (queue.Arguments(now) is { } extra) args.AddDynamicParams(extra);
        var candidates = await conn.QueryAsync<PushCandidate>(new CommandDefinition(queue.Load, args, cancellationToken: ct));
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
                // Quiet mode pauses pushes: nothing buzzes while the recipient is quiet. What arrives meanwhile waits in the inbox
                // (marked duringQuietMode), and so does what was still queued, or waiting for a retry, when the period began:
                // skipping only what arrived after its start buzzed the phone seconds into quiet mode.
                if (mode is null || mode.Current(now) is not null) outcomes.Add((c, Settle.Skip, null));
                else toSend.Add(c);
            }
        }
        var bundles = await queue.CarryEarlierAsync(conn,
            toSend.GroupBy(c => c.SubscriptionId).SelectMany(due => queue.Bundles(due.ToList())).ToList(), now, ct);
        var delivered = new ConcurrentBag<PushBundle>();
        await Parallel.ForEachAsync(bundles, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (bundle, token) =>
        {
            var c = bundle.Items[0]; // the newest: its subscription, topic and age stand for the bundle
            if (clock() > sendBy)
            {
                // Too near the end of the lease to start: left for the next claim, as if never claimed.
                foreach (var item in bundle.Items) outcomes.Add((item, Settle.Unsent, null));
                return;
            }
            var topic = queue.Topic(c);
            // The topic is also the notification's tag: the service worker replaces the shown one of the same tag.
            var payload = bundle.Payload with { Tag = topic };
            var ttl = options.Value.MaxAge - (now - c.CreatedAt!.Value);
            var result = c.Kind switch
            {
                "fcm" => await fcm.SendAsync(c.Endpoint, payload, ttl, topic, queue.Urgency, now, token),
                "apns" => await apns.SendAsync(c.Endpoint, payload, ttl, topic, queue.Urgency, now, token),
                _ => await sender.SendAsync(c.Endpoint, c.P256dh!, c.Auth!, JsonSerializer.SerializeToUtf8Bytes(payload, ApiJson.Options), ttl, topic,
                    queue.Urgency, now, token),
            };
            PushMetrics.Sent(queue.Table, result.Outcome.ToString().ToLowerInvariant());
            if (result.Outcome == PushOutcome.Delivered) delivered.Add(bundle);
            foreach (var item in bundle.Items)
                outcomes.Add(result.Outcome switch
                {
                    PushOutcome.Delivered => (item, Settle.Delivered, null),
                    PushOutcome.Gone => (item, Settle.DropSubscription, null),
                    PushOutcome.Retry when item.Attempts < options.Value.MaxAttempts => (item, Settle.Later, now + Backoff(item.Attempts, result.RetryAfter)),
                    _ => (item, Settle.Skip, null),
                });
        });
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A subscription removed meanwhile took its queued rows with it; a fold remembered for it would break its foreign key
        // and fail the whole batch, which would then be pushed again once its lease ran out.
        var present = (await conn.QueryAsync<Guid>(new CommandDefinition(PushDeliverySql.LockSubscriptions,
            new { ids = outcomes.Select(o => o.Push.SubscriptionId).Distinct().ToArray() }, tx, cancellationToken: ct))).ToHashSet();
        foreach (var (c, settle, dueAt) in outcomes.Where(o => present.Contains(o.Push.SubscriptionId)))
        {
            var sql = settle switch
            {
                Settle.Delivered => queue.Done + ";" + PushDeliverySql.Delivered,
                Settle.Later => queue.Later,
                Settle.Unsent => queue.Unclaim,
                Settle.DropSubscription => PushDeliverySql.DropSubscription,
                _ => queue.Done,
            };
            await conn.ExecuteAsync(new CommandDefinition(sql, new { itemId = c.ItemId, subscriptionId = c.SubscriptionId, now, dueAt = dueAt ?? clock() },
                tx, cancellationToken: ct));
        }
        present.ExceptWith(outcomes.Where(o => o.Settle == Settle.DropSubscription).Select(o => o.Push.SubscriptionId));
        await queue.RememberAsync(conn, tx, delivered.Where(b => present.Contains(b.Items[0].SubscriptionId)).ToList(), now, ct);
        await tx.CommitAsync(ct);
        return (claimed.Count, outcomes.Count(o => o.Settle == Settle.Delivered));
    }

    /// <summary>30 s, 1 min, 2 min … at most an hour; a push service's Retry-After within that hour wins.</summary>
    private static TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero && asked <= LongestRetry) return asked;
        var delay = FirstRetry * Math.Pow(2, Math.Min(attempts - 1, 10));
        return delay < LongestRetry ? delay : LongestRetry;
    }
}

/// <summary>The decrypted push message (JSON, camelCase, nulls omitted): <c>type</c> is the notice's type, or
/// <c>message</c> / <c>message_request</c> with the conversation as the entity. A push standing for several notices names
/// the newest (<c>id</c>, <c>actor</c>) and carries, as the grouped inbox does, <c>others</c> (how many other actors) and
/// <c>count</c> (how many notices), the group's earlier pushes counted in while unread (<see cref="PushFolds"/>). Not their
/// ids: a push service takes at most 4 kB, and a burst's ids would not fit; the app reads the group from the inbox. Bounded
/// so: the text is cut at 300 characters. <c>tag</c>: the push's Web Push topic, for the service worker's
/// <c>showNotification(…, {tag})</c>, so that the next push of the same group replaces the notification shown; absent for
/// pushes that stand alone. <c>storyId</c>: a countdown_ended notice's story, as in the inbox.</summary>
public sealed record PushPayload(Guid Id, string Type, string Text, string? EntityType, Guid? EntityId, string? Actor, DateTimeOffset CreatedAt,
    int? Others = null, int? Count = null, string? Tag = null, Guid? StoryId = null);

/// <summary>
/// One push and the queued items it settles; <c>Actors</c>, for a push that carries its group's earlier pushes on, the
/// distinct actors named so far, newest first (<see cref="PushFolds"/>).
/// </summary>
internal sealed record PushBundle(PushPayload Payload, IReadOnlyList<PushCandidate> Items, IReadOnlyList<Guid>? Actors = null);
