using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// live_started to each follower of a broadcaster who went live, and to each account that asked to be reminded of the
/// broadcast (live_reminders; once, if it is both). Only while the broadcast is still live at delivery (a
/// notice of a finished one is noise), never to a gone account or across a block, only to followers who may see the
/// broadcaster's content (checked at delivery). Idempotent through ConsumerRunner: the processed marker commits with
/// the notices.
/// </summary>
public sealed class LiveNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "live-notifications";

    private static readonly string Recipients = $"""
        SELECT x.user_id FROM live_streams ls
        CROSS JOIN LATERAL (SELECT f.follower_id AS user_id FROM follows f WHERE f.following_id = ls.user_id
                            UNION
                            SELECT lr.user_id FROM live_reminders lr WHERE lr.stream_id = ls.id) x
        JOIN users r ON r.id = x.user_id AND r.deleted_at IS NULL AND r.is_active
        WHERE ls.id = @streamId AND ls.user_id = @actor AND ls.status = 'live' AND x.user_id <> ls.user_id
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = @actor AND a.deleted_at IS NULL AND a.is_active)
          AND {Visibility.ContentFilter("ls.user_id", "x.user_id")}
          AND NOT EXISTS (SELECT 1 FROM live_stream_removals lsr WHERE lsr.stream_id = ls.id AND lsr.user_id = x.user_id)
          AND {Visibility.NotHiddenFromStories("ls.user_id", "x.user_id")}
        """;

    private const string Notify = """
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
        SELECT n.id, n.recipient, @actor, 'live_started', 'live_stream', @streamId, 'started a live video.', @at
          FROM unnest(@ids, @recipients) AS n (id, recipient)
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType == LiveEvents.Started;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var e = envelope.PayloadAs<LiveEvent>();
        var args = new { streamId = e.StreamId, actor = e.BroadcasterId };
        var recipients = (await connection.QueryAsync<Guid>(new CommandDefinition(Recipients, args, transaction, cancellationToken: ct))).ToArray();
        if (recipients.Length == 0) return;
        var ids = recipients.Select(_ => Ids.New(time)).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(Notify, new { ids, recipients, e.StreamId, actor = e.BroadcasterId, at = envelope.OccurredAt },
            transaction, cancellationToken: ct));
    }
}
