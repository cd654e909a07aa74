using Dapper;
using Fowergram.Features.Notifications;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Videos;

/// <summary>
/// video_like notices to a long-form video's author, on the rules of reel-notifications: never to oneself, never across
/// a block, never about a video that is deleted or no longer the recipient's, never for a like that is gone by then
/// (events arrive in any order); an unlike takes the notice back and a notice is not written twice, so
/// like/unlike/like notifies once. The notifications list re-checks visibility at read time (igtv_video is an entity it knows).
/// </summary>
public sealed class VideoNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "igtv-notifications";

    // DISTINCT ON: a run is one statement, and the NOT EXISTS cannot see the statement's own rows. The key-share lock on
    // the like makes an unlike racing this transaction wait for it, so the unlike's event finds the notice to take back.
    private static readonly string Insert = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT DISTINCT ON (x.recipient, x.actor, x.video_id) x.id, x.recipient, x.actor, 'video_like', '{VideoEvents.EntityVideo}', x.video_id, x.created_at
        FROM unnest(@ids, @recipients, @actors, @videoIds, @createdAts) AS x(id, recipient, actor, video_id, created_at)
        WHERE x.recipient <> x.actor
          AND EXISTS (SELECT 1 FROM users r WHERE r.id = x.recipient AND r.deleted_at IS NULL AND r.is_active)
          AND EXISTS (SELECT 1 FROM users a WHERE a.id = x.actor AND a.deleted_at IS NULL AND a.is_active)
          AND NOT {VisibilityPolicy.BlockedBetween("x.recipient", "x.actor")}
          AND EXISTS (SELECT 1 FROM igtv_videos v WHERE v.id = x.video_id AND v.deleted_at IS NULL AND v.user_id = x.recipient)
          AND EXISTS (SELECT 1 FROM igtv_likes l WHERE l.user_id = x.actor AND l.video_id = x.video_id FOR KEY SHARE OF l)
          AND NOT EXISTS (SELECT 1 FROM notifications n
                          WHERE n.user_id = x.recipient AND n.actor_id = x.actor AND n.type = 'video_like' AND n.entity_id = x.video_id)
        ORDER BY x.recipient, x.actor, x.video_id, x.created_at
        """;

    private const string Withdraw = """
        DELETE FROM notifications WHERE user_id = @recipient AND actor_id = @actor AND type = 'video_like' AND entity_id = @videoId
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType is VideoEvents.Liked or VideoEvents.Unliked;

    /// <summary>Likes only add notices and share one key (one insert per run); unlikes, which take one back, end a run.</summary>
    public string? RunKey(EventEnvelope envelope) => envelope.Type == VideoEvents.Unliked ? null : ConsumerName;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type != VideoEvents.Unliked)
        {
            await HandleRunAsync([envelope], connection, transaction, ct);
            return;
        }
        if (envelope.ActorId is not { } actor) return;
        var like = envelope.PayloadAs<VideoLikeEvent>();
        await connection.ExecuteAsync(new CommandDefinition(Withdraw, new { recipient = like.AuthorId, actor, like.VideoId }, transaction, cancellationToken: ct));
    }

    public async Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var likes = run.Where(e => e.ActorId is not null).Select(e => (Event: e.PayloadAs<VideoLikeEvent>(), Actor: e.ActorId!.Value, e.OccurredAt)).ToList();
        if (likes.Count == 0) return;
        var recipients = likes.Select(l => l.Event.AuthorId).ToArray();
        await NoticeLocks.TakeAsync(connection, transaction, recipients, ct);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            ids = likes.Select(_ => Ids.New(time)).ToArray(),
            recipients,
            actors = likes.Select(l => l.Actor).ToArray(),
            videoIds = likes.Select(l => l.Event.VideoId).ToArray(),
            createdAts = likes.Select(l => l.OccurredAt).ToArray(),
        }, transaction, cancellationToken: ct));
    }
}
