using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A story a moderator took down, brought back by a reversed appeal (docs/moderation.md "Removed content and appeals"). Its
/// media are story-expiry's, held by <c>stories.media_held_until</c>. Back as its owner's restore brings it back: live again
/// within its 24 hours, else in the archive, and back into the highlights it left (StoryHighlightPlaces).
/// </summary>
public sealed class StoryReinstatement(TimeProvider time) : HeldMediaReinstatement
{
    public override string TargetType => "story";
    protected override string Table => "stories";
    protected override string MediaGoneColumn => "media_deleted_at";

    public override async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        var owner = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            UPDATE stories s SET deleted_at = NULL, media_held_until = NULL
             WHERE s.id = @targetId AND s.media_held_until > @now
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = s.user_id AND a.deleted_at IS NULL)
            RETURNING s.user_id
            """, new { targetId, now }, tx, cancellationToken: ct));
        if (owner is null) return false;
        await StoryHighlightPlaces.RejoinAsync(conn, tx, targetId, owner.Value, ct);
        await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.Restored, null, new StoryRestoredEvent(targetId, owner.Value, StoryEvents.EntityType, targetId), ct);
        return true;
    }
}
