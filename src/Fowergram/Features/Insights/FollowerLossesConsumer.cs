using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>
/// Records lost followers for insights (docs/insights.md "Lost followers"): each follow.deleted — an unfollow, a removal
/// by the followed account, or a block — sets when the pair last ended, one row per pair. Deliveries may come twice or
/// out of order: the later time wins, so a redelivery changes nothing. A follow ended by its follower's account purge is
/// no loss to record (both the account and its row are going).
/// </summary>
public sealed class FollowerLossesConsumer : IEventConsumer
{
    public const string ConsumerName = "follower-losses";

    // Both accounts checked live, key-share locked as the foreign keys lock them: a purge racing the delivery makes no row, not
    // a foreign-key error. Read unlocked (until session 58), an account whose purge was committing was there for the check and
    // gone for the insert's foreign key (23503); now the check waits for that purge and finds the account gone.
    // The newer loss of a pair decides whether a block ended it (0218): the export never names a blocker through it.
    private const string Record = """
        WITH live AS (SELECT id FROM users WHERE id IN (@following, @follower) FOR KEY SHARE)
        INSERT INTO follower_losses (user_id, follower_id, lost_at, ended_by_block)
        SELECT @following, @follower, @at, @byBlock
         WHERE (SELECT count(*) FROM live) = 2
        ON CONFLICT (user_id, follower_id) DO UPDATE
           SET lost_at = greatest(follower_losses.lost_at, EXCLUDED.lost_at),
               ended_by_block = CASE WHEN EXCLUDED.lost_at >= follower_losses.lost_at THEN EXCLUDED.ended_by_block
                                     ELSE follower_losses.ended_by_block END
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType == SocialEvents.FollowDeleted;

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var ended = envelope.PayloadAs<FollowDeletedPayload>();
        if (ended.Reason == FollowDeletedPayload.AccountDeleted || ended.FollowerId == ended.FollowingId) return Task.CompletedTask;
        return connection.ExecuteAsync(new CommandDefinition(Record,
            new { following = ended.FollowingId, follower = ended.FollowerId, at = envelope.OccurredAt, byBlock = ended.Reason == FollowDeletedPayload.Blocked },
            transaction, cancellationToken: ct));
    }
}
