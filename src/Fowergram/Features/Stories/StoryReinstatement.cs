using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// A story a moderator took down, brought back by a reversed appeal (docs/moderation.md "Removed content and appeals"). Its
/// media are story-expiry's: held by <c>stories.media_held_until</c> (the appeal window's end; 'infinity' while an appeal is
/// open), which the job clears as it deletes them, under the row lock a reinstatement also takes. Back as its owner's
/// restore brings it back: live again within its 24 hours, else in the archive; not into the highlights it left.
/// </summary>
public sealed class StoryReinstatement(TimeProvider time) : IReinstatement
{
    public string TargetType => "story";

    public Task<bool> IsLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM stories WHERE id = @targetId AND deleted_at IS NULL)",
            new { targetId }, tx, cancellationToken: ct));

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE stories SET media_held_until = @until WHERE id = @targetId AND deleted_at IS NOT NULL AND media_deleted_at IS NULL
            """, new { targetId, until }, tx, cancellationToken: ct));

    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("UPDATE stories SET media_held_until = 'infinity' WHERE id = @targetId AND media_held_until > @now",
            new { targetId, now }, tx, cancellationToken: ct)) == 1;

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("UPDATE stories SET media_held_until = @now WHERE id = @targetId AND media_held_until > @now",
            new { targetId, now }, tx, cancellationToken: ct));

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        var owner = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            UPDATE stories s SET deleted_at = NULL, media_held_until = NULL
             WHERE s.id = @targetId AND s.media_held_until > @now
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = s.user_id AND a.deleted_at IS NULL)
            RETURNING s.user_id
            """, new { targetId, now }, tx, cancellationToken: ct));
        if (owner is null) return false;
        await Outbox.EnqueueAsync(conn, tx, time, StoryEvents.Restored, null, new StoryRestoredEvent(targetId, owner.Value, StoryEvents.EntityType, targetId), ct);
        return true;
    }
}
