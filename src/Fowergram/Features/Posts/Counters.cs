namespace Fowergram.Features.Posts;

/// <summary>
/// One engagement counter: where it is stored, how to count its truth, and which events move it
/// (each of <see cref="Plus"/> adds one, <see cref="Minus"/> takes one away). Every event of these types carries
/// the post id (payload postId); <see cref="EventKey"/> narrows them to this counter's entity.
/// </summary>
internal sealed record Counter(string Name, string Table, string KeyColumn, string Column, string EntityTable,
    string TrueCount, string[] Plus, string Minus, string? EventKey)
{
    /// <summary>
    /// A comment counts again when it is written and when a moderator's removal of it is reversed (comment.restored,
    /// docs/moderation.md): both are in flight until post-counters applies them. Without the restore here, a reconciliation
    /// or a recount running while a reversal's events were in flight took them for drift and counted the comments twice.
    /// </summary>
    private static readonly string[] Comments = ["comment.created", "comment.restored"];

    public static readonly Counter PostLikes = new("post likes", "post_stats", "post_id", "like_count", "posts",
        "SELECT count(*) FROM likes WHERE post_id = @key", [PostEvents.Liked], PostEvents.Unliked, null);

    public static readonly Counter PostComments = new("post comments", "post_stats", "post_id", "comment_count", "posts",
        "SELECT count(*) FROM comments WHERE post_id = @key AND deleted_at IS NULL AND held_at IS NULL", Comments, "comment.deleted", null);

    public static readonly Counter CommentLikes = new("comment likes", "comment_stats", "comment_id", "like_count", "comments",
        "SELECT count(*) FROM comment_likes WHERE comment_id = @key", ["comment.liked"], "comment.unliked", "commentId");

    public static readonly Counter CommentReplies = new("comment replies", "comment_stats", "comment_id", "reply_count", "comments",
        "SELECT count(*) FROM comments WHERE post_id = @postId AND parent_id = @key AND deleted_at IS NULL AND held_at IS NULL",
        Comments, "comment.deleted", "parentId");

    public string Apply => $"""
        UPDATE {Table} SET {Column} = {Column} + @delta, updated_at = @now
        WHERE {KeyColumn} = @key AND {Column} + @delta >= 0
        """;

    public string EnsureRow => $"""
        INSERT INTO {Table} ({KeyColumn}, updated_at) SELECT @key, @now WHERE EXISTS (SELECT 1 FROM {EntityTable} WHERE id = @key)
        ON CONFLICT ({KeyColumn}) DO NOTHING
        """;

    public string Lock => $"SELECT {Column} FROM {Table} WHERE {KeyColumn} = @key FOR UPDATE";

    public string Set => $"UPDATE {Table} SET {Column} = @value, updated_at = @now WHERE {KeyColumn} = @key";

    /// <summary>
    /// The value the counter must hold now: the rows, minus what committed events not yet applied by
    /// post-counters will still add or take away. Run it after <see cref="Lock"/>, as its own statement, so
    /// its snapshot includes every consumer that changed the counter before the lock was granted.
    /// </summary>
    public string Expected => $"""
        SELECT greatest(0, ({TrueCount}) - coalesce((
            SELECT sum(CASE WHEN o.type = '{Minus}' THEN -1 ELSE 1 END) FROM outbox o
            WHERE o.payload->>'postId' = @postKey AND o.occurred_at > @since AND o.type IN ({string.Join(", ", Plus.Select(t => $"'{t}'"))}, '{Minus}')
              {(EventKey is null ? "" : $"AND o.payload->>'{EventKey}' = @keyText")}
              AND NOT EXISTS (SELECT 1 FROM processed_events e WHERE e.consumer = '{PostCountersConsumer.ConsumerName}' AND e.event_id = o.id)
        ), 0))
        """;
}
