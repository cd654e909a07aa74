using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Switching an account from private to public approves its pending follow requests
/// (account.privacy_changed with isPrivate = false, raised by Accounts in the PATCH's transaction).
/// Exact: a follow is decided under its PairLock with the account's row read FOR SHARE (FollowSql.TargetState),
/// and the PATCH holds that row FOR UPDATE, so no request is made while the account is public and every
/// request made before the switch is listed here. This takes the same locks in the same order, re-reads
/// the account, and only if it is still public approves each listed request that still pends (a request
/// made during a private spell after the listing belongs to the next switch's event). Each approval raises
/// follow.request_approved and follow.created, exactly as a manual approval does.
/// At most <paramref name="batchSize"/> requests per transaction: each takes a pair lock (an advisory lock held to the commit)
/// and raises two events, and an account with tens of thousands pending would take more locks than the server's lock table
/// holds (max_locks_per_transaction × connections, shared by every session): that transaction failed at every retry, and
/// meanwhile other sessions' locks failed too. When a batch is full, the consumer raises account.public_approvals_pending,
/// and its delivery goes on with the requests still pending (the account re-read each time: private again, it stops).
/// </summary>
public sealed class PrivacyApprovalConsumer(TimeProvider time, int batchSize = PrivacyApprovalConsumer.DefaultBatch) : IEventConsumer
{
    public const string ConsumerName = "social-privacy";

    /// <summary>Requests approved per transaction: 1,000 locks, well inside the smallest server's table, in a few seconds' work.</summary>
    public const int DefaultBatch = 1000;

    /// <summary>
    /// Public still, whatever else happened to the account since the switch (docs/social-graph.md "Privacy switch"): one
    /// suspended, deactivated or deleted within its grace keeps its follows, so its requests become follows as they would have
    /// a moment earlier, and it comes back public without requests nothing would approve. Not once its purge has begun: its
    /// requests go with its row, and a follow inserted behind the purge's follows step would escape its follow.deleted.
    /// </summary>
    private const string IsPublicNow = """
        SELECT NOT is_private FROM users WHERE id = @user AND purge_started_at IS NULL FOR SHARE
        """;

    private const string Pending = """
        SELECT requester_id FROM follow_requests WHERE target_id = @user ORDER BY requester_id LIMIT @take
        """;

    // Under the pair locks a block or a cancel racing this either happened before (the request is gone)
    // or waits until the follow exists (and then removes it).
    private const string Approve = """
        WITH taken AS (
            DELETE FROM follow_requests WHERE requester_id = @requester AND target_id = @user RETURNING requester_id)
        INSERT INTO follows (follower_id, following_id, created_at)
        SELECT requester_id, @user, @now FROM taken
        ON CONFLICT (follower_id, following_id) DO NOTHING
        RETURNING follower_id
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType is SocialEvents.AccountPrivacyChanged or SocialEvents.PublicApprovalsPending;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var change = envelope.PayloadAs<PrivacyChangedEvent>();
        if (change.IsPrivate) return;
        var user = change.UserId;
        var requesters = (await connection.QueryAsync<Guid>(new CommandDefinition(Pending, new { user, take = batchSize }, transaction,
            cancellationToken: ct))).ToList();
        if (requesters.Count == 0) return;
        // Pair locks before the row lock, the order every follow decision takes them in (no deadlock).
        foreach (var requester in requesters) await PairLock.TakeAsync(connection, transaction, user, requester, ct);
        if (await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(IsPublicNow, new { user }, transaction, cancellationToken: ct)) != true)
            return;
        var now = time.GetUtcNow();
        foreach (var requester in requesters)
        {
            var followed = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Approve,
                new { requester, user, now }, transaction, cancellationToken: ct));
            if (followed is null) continue; // cancelled, declined or blocked meanwhile
            await Outbox.EnqueueAsync(connection, transaction, time, SocialEvents.FollowRequestApproved, user,
                new FollowRequestPayload(requester, user, requester), ct);
            await Outbox.EnqueueAsync(connection, transaction, time, SocialEvents.FollowCreated, requester, new FollowPayload(requester, user), ct);
        }
        // A full batch: more may pend. The next delivery lists what still pends (this batch's approvals are gone from it).
        if (requesters.Count == batchSize)
            await Outbox.EnqueueAsync(connection, transaction, time, SocialEvents.PublicApprovalsPending, user, new PendingApprovals(user), ct);
    }

    /// <summary>account.public_approvals_pending: account.privacy_changed's shape, so either is read as a switch to public.</summary>
    internal sealed record PendingApprovals(Guid UserId)
    {
        public bool IsPrivate => false;
        public string EntityType => "user";
        public Guid EntityId => UserId;
    }
}
