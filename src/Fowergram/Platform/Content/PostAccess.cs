using Dapper;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>A post the caller may see, with what interactions with it depend on.</summary>
public sealed class VisiblePost
{
    public Guid Id { get; init; }
    public Guid AuthorId { get; init; }
    public bool IsArchived { get; init; }
    public bool CommentsDisabled { get; init; }
    public bool LikesDisabled { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// "May this caller see this post?" for every feature that reads or touches posts (posts, comments,
/// likes, saves, collections, hashtag pages): the post is live, archived posts are the owner's alone,
/// and the author's content is visible to the caller (<c>can_view_content</c>: blocks, private accounts,
/// deleted or deactivated authors). Everything else is answered with 404.
/// </summary>
public sealed class PostAccess(NpgsqlDataSource db)
{
    /// <summary>The per-row filter for list queries over <c>posts p</c>; binds <c>@viewer</c> (null when anonymous).</summary>
    public static readonly string VisibleTo =
        "p.deleted_at IS NULL AND (NOT p.is_archived OR p.user_id = @viewer) AND " + Visibility.Visibility.ContentFilter("p.user_id");

    private static readonly string FindSql = $"""
        SELECT p.id, p.user_id AS author_id, p.is_archived, p.comments_disabled, p.likes_disabled, p.created_at
        FROM posts p WHERE p.id = @postId AND {VisibleTo}
        """;

    private static readonly string FindSharedSql = FindSql + "\nFOR SHARE OF p";

    private static readonly string FindForReaderSql = FindSql + $"\nAND {LiveCaller.GuestOrLive("@viewer")}";

    /// <summary>Route ids are strings: anything that is not a UUID names no post (404).</summary>
    public static bool TryParseId(string? raw, out Guid id) => Guid.TryParse(raw, out id);

    public async Task<VisiblePost?> FindAsync(Guid? viewer, Guid postId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindAsync(conn, null, viewer, postId, ct);
    }

    public static Task<VisiblePost?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid postId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<VisiblePost>(new CommandDefinition(FindSql, new { viewer, postId }, tx, cancellationToken: ct));

    /// <summary>
    /// The post as <see cref="FindAsync(NpgsqlConnection, NpgsqlTransaction?, Guid?, Guid, CancellationToken)"/> finds it, for a
    /// read about it (its comments, likers, reposts…), and nothing for a token whose account is gone (deleted or deactivated
    /// since): its route's 404 asks <see cref="GoneCaller.NotFoundAsync"/>, which answers that token's 401. Writes keep
    /// <c>FindAsync</c>: they check their caller in their own transaction (docs/accounts.md "Sessions").
    /// </summary>
    public static Task<VisiblePost?> FindForReaderAsync(NpgsqlConnection conn, Guid? viewer, Guid postId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<VisiblePost>(new CommandDefinition(FindForReaderSql, new { viewer, postId }, cancellationToken: ct));

    /// <summary>
    /// <see cref="FindAsync(NpgsqlConnection, NpgsqlTransaction?, Guid?, Guid, CancellationToken)"/> with the post share-locked
    /// until <paramref name="tx"/> ends, for a write that must not outlive the post as it found it (a comment): a deletion,
    /// archive or edit in flight is waited for and the post then read as it committed (gone, hidden, comments off). Without
    /// it such a change committed in between and the write still went in on a post that no longer took it.
    /// </summary>
    public static Task<VisiblePost?> FindSharedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, Guid postId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<VisiblePost>(new CommandDefinition(FindSharedSql, new { viewer, postId }, tx, cancellationToken: ct));
}
