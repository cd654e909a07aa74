using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Writes the social graph's notifications: <c>follow</c> (to the followed account, also after an
/// approval: "started following you"), <c>follow_request</c> (to the private account) and
/// <c>follow_accept</c> (to the requester). Each is written only if what it announces still holds when
/// the event is consumed (the follow or request exists, both accounts live, no block between them),
/// and it replaces an older notice of the same type from the same actor, so follow/unfollow spam
/// leaves one notice; a newer one stays as it is (read or not), so an event delivered late renews nothing.
/// The runner's marker makes a redelivered event a no-op.
/// </summary>
public sealed class SocialNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "social-notifications";

    private static readonly string Replace = $"""
        -- A follow also retires the request notice it answers. Only notices older than the event: events arrive in any order,
        -- and a late one of an earlier follow must neither renew the newer notice (unread again, pushed again) nor take the
        -- notice of a request made since.
        DELETE FROM notifications
        WHERE user_id = @recipient AND actor_id = @actor AND (type = @type OR (@type = 'follow' AND type = 'follow_request'))
          AND created_at <= @createdAt;
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT @id, @recipient, @actor, @type, 'user', @actor, @createdAt
        WHERE NOT {Visibility.BlockedBetween("@recipient", "@actor")}
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = @recipient AND n.actor_id = @actor AND n.type = @type)
          AND EXISTS (SELECT 1 FROM users WHERE id = @recipient AND is_active AND deleted_at IS NULL)
          AND EXISTS (SELECT 1 FROM users WHERE id = @actor AND is_active AND deleted_at IS NULL)
          -- The key-share locks make an approval, decline or unfollow racing this transaction wait for it, so the event
          -- that change raises, handled after, finds the notice it retires (as post-notifications does for likes).
          AND CASE @type
                WHEN 'follow_request' THEN EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = @actor AND r.target_id = @recipient FOR KEY SHARE OF r)
                WHEN 'follow' THEN EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @actor AND f.following_id = @recipient FOR KEY SHARE OF f)
                WHEN 'follow_accept' THEN EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @recipient AND f.following_id = @actor FOR KEY SHARE OF f)
                ELSE false
              END
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is SocialEvents.FollowCreated or SocialEvents.FollowRequested or SocialEvents.FollowRequestApproved;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var (recipient, actor, type) = envelope.Type switch
        {
            SocialEvents.FollowCreated => envelope.PayloadAs<FollowPayload>() is var f ? (f.FollowingId, f.FollowerId, "follow") : default,
            SocialEvents.FollowRequested => envelope.PayloadAs<FollowRequestPayload>() is var r ? (r.TargetId, r.RequesterId, "follow_request") : default,
            _ => envelope.PayloadAs<FollowRequestPayload>() is var a ? (a.RequesterId, a.TargetId, "follow_accept") : default,
        };
        // The pair's lock first: two events of one pair handled at once (a second instance, or follow, unfollow and
        // follow again) would each delete nothing the other has not committed yet and both insert, leaving two notices.
        await PairLock.TakeAsync(connection, transaction, recipient, actor, ct);
        await connection.ExecuteAsync(new CommandDefinition(Replace, new
        {
            id = Ids.New(time), recipient, actor, type, createdAt = envelope.OccurredAt,
        }, transaction, cancellationToken: ct));
    }
}
