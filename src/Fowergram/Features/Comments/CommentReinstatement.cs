using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// A post's comment a moderator took down, brought back by a reversed appeal (docs/moderation.md "Removed content and
/// appeals"): with the replies its removal took (those deleted in the same statement, at the same time; a reply its writer
/// had deleted before stays deleted), while its post is up, its writer's account is not deleted and, for a reply, the comment
/// it answers is up (deleted since, it took its live replies with it: one back under it could be read by nobody, yet counted). comment.restored counts
/// each shown one again; nobody is notified again. A comment keeps no stored objects, so there is nothing to hold.
/// </summary>
public sealed class CommentReinstatement(TimeProvider time) : IReinstatement
{
    /// <summary>
    /// The comment's post, locked as pins lock it (CommentPinning), on its own before <see cref="Reinstate"/>: that statement's
    /// snapshot, taken once the lock is held, counts every pin committed before it, and no pin passes the limit meanwhile.
    /// </summary>
    private const string LockPost = "SELECT p.id FROM posts p JOIN comments c ON c.post_id = p.id WHERE c.id = @targetId FOR NO KEY UPDATE OF p";

    /// <summary>
    /// A reply's comment, share-locked after the post as a new reply locks its thread (CommentsSql.LockThread): a removal of
    /// that comment in flight commits first and <see cref="Reinstate"/> finds it gone; one coming after waits and takes the
    /// reply with it. Unlocked, the reply came back live under the comment removed meanwhile.
    /// </summary>
    private const string LockParent = "SELECT pc.id FROM comments c JOIN comments pc ON pc.id = c.parent_id WHERE c.id = @targetId FOR SHARE OF pc";

    /// <summary>
    /// The removal kept the comment's pin; it comes back pinned only while it fits under <see cref="CommentPinning.Max"/> (the
    /// post's author may have pinned others meanwhile), else unpinned.
    /// </summary>
    private static readonly string Reinstate = $"""
        WITH target AS (
            SELECT c.id, c.post_id, c.deleted_at, p.user_id AS post_author_id,
                   (SELECT count(*) FROM comments pc WHERE pc.post_id = c.post_id AND pc.pinned_at IS NOT NULL AND pc.deleted_at IS NULL)
                       >= {CommentPinning.Max} AS pins_full
              FROM comments c JOIN posts p ON p.id = c.post_id
             WHERE c.id = @targetId AND c.deleted_at IS NOT NULL AND p.deleted_at IS NULL
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = c.user_id AND a.deleted_at IS NULL)
               AND (c.parent_id IS NULL OR EXISTS (SELECT 1 FROM comments pc WHERE pc.id = c.parent_id AND pc.deleted_at IS NULL)))
        UPDATE comments c SET deleted_at = NULL, updated_at = @now, pinned_at = CASE WHEN t.pins_full THEN NULL ELSE c.pinned_at END FROM target t
         WHERE c.post_id = t.post_id AND (c.id = t.id OR c.parent_id = t.id) AND c.deleted_at = t.deleted_at
        RETURNING c.id, c.parent_id, c.user_id AS author_id, c.held_at IS NOT NULL AS held, t.post_id, t.post_author_id
        """;

    public string TargetType => "comment";

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) => Task.CompletedTask;

    public Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) => Task.FromResult(true);

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(LockPost, new { targetId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(LockParent, new { targetId }, tx, cancellationToken: ct));
        var back = (await conn.QueryAsync<Reinstated>(new CommandDefinition(Reinstate, new { targetId, now }, tx, cancellationToken: ct))).ToList();
        // A held comment raised nothing when written or removed (CommentHolding), so its return raises nothing either. One
        // statement for all, as the removal (CommentRemoval): the replies are others' and their number must not set the round trips.
        await Outbox.EnqueueManyAsync(conn, tx, time, CommentEvents.Restored, null, back.Where(r => !r.Held)
            .Select(row => new CommentEvent(row.Id, row.PostId, row.PostAuthorId, row.AuthorId, row.ParentId, null, PostEvents.EntityComment, row.Id))
            .ToList(), ct);
        return back.Count > 0;
    }

    private sealed class Reinstated
    {
        public Guid Id { get; init; }
        public Guid? ParentId { get; init; }
        public Guid AuthorId { get; init; }
        public bool Held { get; init; }
        public Guid PostId { get; init; }
        public Guid PostAuthorId { get; init; }
    }
}
