using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// Removing a post's comment with its replies, and raising comment.deleted for each one that was shown: by its author or
/// the post's author (CommentActionsApi), or by a moderator acting on a report (the <see cref="ITakedown"/> of comments,
/// no actor).
/// </summary>
public sealed class CommentRemoval(TimeProvider time) : ITakedown
{
    private const string Owning = """
        SELECT c.post_id, p.user_id FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = @commentId AND c.deleted_at IS NULL
        """;

    public IReadOnlyCollection<string> TargetTypes { get; } = ["comment"];

    /// <summary>Soft-deletes the comment and its replies; answers how many went (0: it was gone already).</summary>
    internal static async Task<int> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid? actor, Guid postId,
        Guid postAuthorId, Guid commentId, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(CommentsSql.LockForRemoval, new { commentId, postId }, tx, cancellationToken: ct));
        var removed = (await conn.QueryAsync<CommentRef>(new CommandDefinition(CommentsSql.SoftDelete,
            new { commentId, postId, now }, tx, cancellationToken: ct))).ToList();
        // A held comment raised nothing when written (CommentHolding), so its removal raises nothing either. One statement
        // for all: the replies are others' and as many as they wrote, which must not set how many round trips the request makes.
        await Outbox.EnqueueManyAsync(conn, tx, time, CommentEvents.Deleted, actor, removed.Where(r => !r.Held)
            .Select(row => new CommentEvent(row.Id, postId, postAuthorId, row.AuthorId, row.ParentId, null, PostEvents.EntityComment, row.Id))
            .ToList(), ct);
        return removed.Count;
    }

    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        var owning = (await conn.QueryAsync<(Guid PostId, Guid PostAuthorId)>(new CommandDefinition(Owning,
            new { commentId = targetId }, tx, cancellationToken: ct))).ToList();
        return owning.Count == 1 && await RemoveAsync(conn, tx, time, null, owning[0].PostId, owning[0].PostAuthorId, targetId, now, ct) > 0
            ? Takedown.Removed
            : Takedown.Gone;
    }
}
