using Dapper;
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
/// </summary>
public sealed class PrivacyApprovalConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "social-privacy";

    private const string IsPublicNow = """
        SELECT NOT is_private FROM users WHERE id = @user AND is_active AND deleted_at IS NULL FOR SHARE
        """;

    private const string Pending = """
        SELECT requester_id FROM follow_requests WHERE target_id = @user ORDER BY requester_id
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

    public bool Handles(string eventType) => eventType == SocialEvents.AccountPrivacyChanged;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var change = envelope.PayloadAs<PrivacyChangedEvent>();
        if (change.IsPrivate) return;
        var user = change.UserId;
        var requesters = (await connection.QueryAsync<Guid>(new CommandDefinition(Pending, new { user }, transaction, cancellationToken: ct))).ToList();
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
    }
}
