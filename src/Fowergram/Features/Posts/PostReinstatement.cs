using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A taken-down post brought back by a reversed appeal (docs/moderation.md "Removed content and appeals"). Its objects are
/// post-media-cleanup's, held by <c>posts.media_held_until</c>, which the clean-up claims (clears) before deleting anything.
/// Back as the author's restore brings a post back: at its place, unpinned, with post.restored (no actor).
/// </summary>
public sealed class PostReinstatement(TimeProvider time) : HeldMediaReinstatement
{
    public override string TargetType => "post";
    protected override string Table => "posts";
    protected override string MediaGoneColumn => "media_purged_at";

    public override async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
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
