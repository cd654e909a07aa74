using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Notes;

/// <summary>
/// note_like ("liked your note") to a note's author when someone likes it, taken back once the like is gone (so
/// like/unlike/like tells once). Only while the like still exists at delivery (events arrive in any order; the key-share
/// lock makes an unlike racing this transaction wait, so its event finds the notice to take back), never to oneself,
/// never across a block, never from or to a gone account. A note replaced or deleted takes its notices out of the inbox
/// at read time (can_view_entity: the author sees a note while it exists). Idempotent through ConsumerRunner.
/// </summary>
public sealed class NoteNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "note-notifications";

    private static readonly string Insert = $"""
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, created_at)
        SELECT @id, n.user_id, @actor, 'note_like', 'note', n.id, @at
          FROM notes n
         WHERE n.id = @noteId AND n.user_id = @authorId AND n.user_id <> @actor AND n.removed_at IS NULL
           AND EXISTS (SELECT 1 FROM note_likes l WHERE l.note_id = n.id AND l.user_id = @actor FOR KEY SHARE OF l)
           AND EXISTS (SELECT 1 FROM users r WHERE r.id = n.user_id AND r.deleted_at IS NULL AND r.is_active)
           AND EXISTS (SELECT 1 FROM users a WHERE a.id = @actor AND a.deleted_at IS NULL AND a.is_active)
           AND NOT {Visibility.BlockedBetween("n.user_id", "@actor")}
           AND NOT EXISTS (SELECT 1 FROM notifications x
                            WHERE x.user_id = n.user_id AND x.actor_id = @actor AND x.type = 'note_like' AND x.entity_id = n.id)
        """;

    // Only once the like is gone: an unlike's event that arrives after the like given again (events come in any order) leaves
    // that like's notice, and the unlike that stands, raised after it, takes it back.
    private const string Withdraw = """
        DELETE FROM notifications WHERE user_id = @authorId AND actor_id = @actor AND type = 'note_like' AND entity_id = @noteId
           AND NOT EXISTS (SELECT 1 FROM note_likes l WHERE l.note_id = @noteId AND l.user_id = @actor)
        """;

    /// <summary>
    /// One liker's events about one note take turns: two note.liked (like, unlike, like again) handled at once by two instances
    /// each saw no notice committed by the other and both wrote one. Its own statement, so what follows reads the other's commit.
    /// </summary>
    private const string OneLikeAtATime = "SELECT pg_advisory_xact_lock(hashtext('note-notifications'), hashtext(@noteId::text || @actor::text))";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType is NoteEvents.Liked or NoteEvents.Unliked;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.ActorId is not { } actor) return;
        var e = envelope.PayloadAs<NoteLikeEvent>();
        var liked = envelope.Type == NoteEvents.Liked;
        await connection.ExecuteAsync(new CommandDefinition(OneLikeAtATime, new { e.NoteId, actor }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(liked ? Insert : Withdraw,
            new { id = Ids.New(time), actor, e.NoteId, e.AuthorId, at = envelope.OccurredAt }, transaction, cancellationToken: ct));
    }
}
