using Fowergram.Platform.Content;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Collections;

internal static class CollectionsSql
{
    private static readonly string Visible = PostAccess.VisibleTo;

    private static readonly string LiveViewer = LiveCaller.Is("@viewer");

    // The caller's account checked inside a write's one statement (tokens outlive accounts): the write runs only while it
    // is live, and the statement answers `live`, so that a gone account gets its 401 and not a 404 (ChangeResult).
    private static readonly string Me = $"me AS (SELECT {LiveViewer} AS live)";

    private static readonly string Columns = $"""
        c.id, c.name, c.description, c.created_at, c.updated_at,
        (SELECT count(*) FROM collection_posts cp JOIN posts p ON p.id = cp.post_id WHERE cp.collection_id = c.id AND {Visible}) AS post_count,
        coalesce((SELECT p.id FROM posts p WHERE p.id = c.cover_post_id AND {Visible}),
                 (SELECT cp.post_id FROM collection_posts cp JOIN posts p ON p.id = cp.post_id
                  WHERE cp.collection_id = c.id AND {Visible} ORDER BY cp.added_at DESC, cp.post_id DESC LIMIT 1)) AS cover_id
        """;

    public static readonly string List = $"""
        SELECT {Columns} FROM collections c
        WHERE c.user_id = @viewer AND {KeysetSql.Older("c.created_at", "c.id")}
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    public static readonly string One = $"SELECT {Columns} FROM collections c WHERE c.id = @collectionId AND c.user_id = @viewer";

    public const string Owned = "SELECT EXISTS (SELECT 1 FROM collections WHERE id = @collectionId AND user_id = @viewer)";

    /// <summary>Creations by one account take turns, so two at once cannot both pass the count (a lock of this table's own).</summary>
    public const string LockCreating = "SELECT pg_advisory_xact_lock(hashtext('collections'), hashtext(@viewer::text))";

    /// <summary>By collections_user_name_key's leading column.</summary>
    public const string CountOwned = "SELECT count(*) FROM collections WHERE user_id = @viewer";

    public const string Insert = """
        INSERT INTO collections (id, user_id, name, description, created_at, updated_at)
        SELECT @id, @viewer, @name, @description, @now, @now WHERE EXISTS (SELECT 1 FROM users WHERE id = @viewer AND deleted_at IS NULL AND is_active)
        """;

    public static readonly string Update = $"""
        WITH {Me}, updated AS (
        UPDATE collections SET
            name          = CASE WHEN @setName THEN @name ELSE name END,
            description   = CASE WHEN @setDescription THEN @description ELSE description END,
            cover_post_id = CASE WHEN @setCover THEN @coverPostId ELSE cover_post_id END,
            updated_at    = @now
        WHERE id = @collectionId AND user_id = @viewer AND (SELECT live FROM me)
        RETURNING id)
        SELECT live, EXISTS (SELECT 1 FROM updated) AS changed FROM me
        """;

    public static readonly string Delete = $"""
        WITH {Me}, deleted AS (DELETE FROM collections WHERE id = @collectionId AND user_id = @viewer AND (SELECT live FROM me) RETURNING id)
        SELECT live, EXISTS (SELECT 1 FROM deleted) AS changed FROM me
        """;

    /// <summary>
    /// Adding a post to a collection saves it too: collections are subsets of the saved posts. The collection is
    /// key-share locked: a deletion committing first leaves it not found (a 404), one coming second waits for the add
    /// (unlocked, the add's foreign key check failed on the deleted row: a 500 that ConcurrentRouteTests found). A gone
    /// caller is told so (<c>live</c>: a 401), not that the post is not found.
    /// </summary>
    public static readonly string AddPost = $"""
        WITH {Me}, target AS (SELECT p.id, p.user_id FROM posts p WHERE p.id = @postId AND {Visible} AND (SELECT live FROM me)),
        coll AS (SELECT c.id FROM collections c WHERE c.id = @collectionId AND c.user_id = @viewer AND (SELECT live FROM me) FOR KEY SHARE),
        added AS (INSERT INTO collection_posts (collection_id, post_id, added_at)
                  SELECT coll.id, target.id, @now FROM coll, target ON CONFLICT DO NOTHING RETURNING post_id),
        saved AS (INSERT INTO saved_posts (user_id, post_id, created_at)
                  SELECT @viewer, target.id, @now FROM coll, target ON CONFLICT DO NOTHING RETURNING post_id)
        SELECT (SELECT live FROM me) AS live, EXISTS (SELECT 1 FROM coll) AS collection_found, (SELECT user_id FROM target) AS author_id,
               EXISTS (SELECT 1 FROM saved) AS saved
        """;

    /// <summary>
    /// A post that is in the collection can always be taken out, even once its author hid it from the owner. The collection is
    /// locked before its row goes, as an unsave locks the collections that hold the post before their rows (<see cref="LockCollectionsHolding"/>):
    /// taking out the cover clears it through the foreign key (SET NULL), which needs the collection, so unlocked the two
    /// waited for each other and PostgreSQL aborted one (a 503).
    /// </summary>
    public static readonly string RemovePost = $"""
        WITH {Me},
        coll AS (SELECT c.id FROM collections c WHERE c.id = @collectionId AND c.user_id = @viewer AND (SELECT live FROM me) FOR NO KEY UPDATE),
        removed AS (DELETE FROM collection_posts cp USING coll WHERE cp.collection_id = coll.id AND cp.post_id = @postId RETURNING cp.post_id)
        SELECT (SELECT live FROM me) AS live, EXISTS (SELECT 1 FROM coll) AS collection_found, EXISTS (SELECT 1 FROM removed) AS removed,
               EXISTS (SELECT 1 FROM posts p WHERE p.id = @postId AND {Visible}) AS visible
        """;

    public static readonly string Posts = $"""
        SELECT cp.post_id AS id, cp.added_at AS created_at FROM collection_posts cp JOIN posts p ON p.id = cp.post_id
        WHERE cp.collection_id = @collectionId AND {Visible} AND {KeysetSql.Older("cp.added_at", "cp.post_id")}
        ORDER BY cp.added_at DESC, cp.post_id DESC LIMIT @take
        """;

    public static readonly string Save = $"""
        WITH {Me}, target AS (SELECT p.id, p.user_id FROM posts p WHERE p.id = @postId AND {Visible} AND (SELECT live FROM me)),
        changed AS (INSERT INTO saved_posts (user_id, post_id, created_at) SELECT @viewer, t.id, @now FROM target t
                    ON CONFLICT DO NOTHING RETURNING post_id)
        SELECT me.live, t.user_id AS author_id, EXISTS (SELECT 1 FROM changed) AS changed FROM me LEFT JOIN target t ON true
        """;

    /// <summary>
    /// Taken first by an add (<see cref="AddPost"/>) and an unsave (<see cref="Unsave"/>) of one post by one account, so the two
    /// take turns: the unsave's later statements see every collection an add in flight put the post in and take it out of
    /// them too, and an add that comes second saves the post again. Without it, an add committing under the unsave left the
    /// post in a collection but no longer saved. Advisory, since there may be no row yet to lock (a post neither saved nor
    /// filed); a hash collision only makes two pairs wait for each other.
    /// </summary>
    public const string LockSaving = "SELECT pg_advisory_xact_lock(hashtext('saved_posts'), hashtext(@viewer::text || '/' || @postId::text))";

    /// <summary>
    /// Run by an unsave after <see cref="LockSaving"/>: the caller's collections that hold the post, in id order, locked as
    /// <see cref="RemovePost"/> locks its collection (FOR NO KEY UPDATE). Taking out a post that is a cover clears it through
    /// the foreign key (SET NULL), which updates the collection; holding it first keeps the unsave and a removal in one order.
    /// Only those: an add cannot put the post in another meanwhile (it waits on <see cref="LockSaving"/>), and the caller's
    /// other collections, however many, are neither read for update nor waited on.
    /// </summary>
    public const string LockCollectionsHolding = """
        SELECT c.id FROM collections c
         WHERE c.user_id = @viewer AND EXISTS (SELECT 1 FROM collection_posts cp WHERE cp.collection_id = c.id AND cp.post_id = @postId)
         ORDER BY c.id
           FOR NO KEY UPDATE
        """;

    /// <summary>Unsaving also takes the post out of every collection of the caller; a saved post can be unsaved even once hidden.</summary>
    public static readonly string Unsave = $"""
        WITH {Me}, target AS (SELECT p.id, p.user_id FROM posts p WHERE p.id = @postId AND (SELECT live FROM me)
                        AND ({Visible} OR EXISTS (SELECT 1 FROM saved_posts s WHERE s.user_id = @viewer AND s.post_id = p.id))),
        unfiled AS (DELETE FROM collection_posts cp USING collections c, target t
                    WHERE cp.collection_id = c.id AND c.user_id = @viewer AND cp.post_id = t.id RETURNING cp.post_id),
        changed AS (DELETE FROM saved_posts s USING target t WHERE s.user_id = @viewer AND s.post_id = t.id RETURNING s.post_id)
        SELECT me.live, t.user_id AS author_id, EXISTS (SELECT 1 FROM changed) AS changed FROM me LEFT JOIN target t ON true
        """;

    public static readonly string Saved = $"""
        SELECT s.post_id AS id, s.created_at FROM saved_posts s JOIN posts p ON p.id = s.post_id
        WHERE s.user_id = @viewer AND {Visible} AND {KeysetSql.Older("s.created_at", "s.post_id")}
        ORDER BY s.created_at DESC, s.post_id DESC LIMIT @take
        """;
}

internal sealed class CollectionRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long PostCount { get; init; }
    public Guid? CoverId { get; init; }
}

internal sealed class SavedRow
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What a save or unsave did: the account gone, the post not found (no author), or found and maybe changed.</summary>
internal sealed class ChangeRow
{
    public bool Live { get; init; }
    public Guid? AuthorId { get; init; }
    public bool Changed { get; init; }
}

/// <summary>What an update or delete of a collection did: the account gone, or the collection found and changed or not.</summary>
internal sealed class WriteRow
{
    public bool Live { get; init; }
    public bool Changed { get; init; }
}
