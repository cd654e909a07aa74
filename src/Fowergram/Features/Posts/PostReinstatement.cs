using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A taken-down post brought back by a reversed appeal (docs/moderation.md "Removed content and appeals"). Its objects are
/// post-media-cleanup's: held by <c>posts.media_held_until</c> (the appeal window's end; 'infinity' while an appeal is
/// open), which the clean-up claims (clears) before deleting anything, so a hold it already claimed cannot be renewed.
/// Back as the author's restore brings a post back: at its place, unpinned, with post.restored (no actor).
/// </summary>
public sealed class PostReinstatement(TimeProvider time) : IReinstatement
{
    public string TargetType => "post";

    public Task<bool> IsLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM posts WHERE id = @targetId AND deleted_at IS NULL)",
            new { targetId }, tx, cancellationToken: ct));

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE posts SET media_held_until = @until WHERE id = @targetId AND deleted_at IS NOT NULL AND media_purged_at IS NULL
            """, new { targetId, until }, tx, cancellationToken: ct));

    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE posts SET media_held_until = 'infinity' WHERE id = @targetId AND media_held_until > @now
            """, new { targetId, now }, tx, cancellationToken: ct)) == 1;

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("UPDATE posts SET media_held_until = @now WHERE id = @targetId AND media_held_until > @now",
            new { targetId, now }, tx, cancellationToken: ct));

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        // Unpinned: the grid may have three other pins by now (PinsApi's limit).
        var back = (await conn.QueryAsync<(Guid UserId, DateTimeOffset CreatedAt)>(new CommandDefinition("""
            UPDATE posts p SET deleted_at = NULL, media_held_until = NULL, pinned_at = NULL, updated_at = @now
             WHERE p.id = @targetId AND p.media_held_until > @now
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = p.user_id AND a.deleted_at IS NULL)
            RETURNING p.user_id, p.created_at
            """, new { targetId, now }, tx, cancellationToken: ct))).ToList();
        if (back.Count == 0) return false;
        await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Restored, null, PostEvent.Of(targetId, back[0].UserId, back[0].CreatedAt), ct);
        return true;
    }
}
