using Dapper;
using Fowergram.Platform.Content;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>A reel the caller may see, with what interactions with it depend on.</summary>
internal sealed class VisibleReel
{
    public Guid Id { get; init; }
    public Guid AuthorId { get; init; }
    public bool CommentsDisabled { get; init; }
    public bool LikesDisabled { get; init; }
}

/// <summary>
/// "May this caller see this reel?" — the post rule without archives: the reel is live and its author's content is
/// visible to the caller (<c>can_view_content</c> written out: blocks, private accounts, deleted or deactivated
/// authors), the same rule <c>can_view_entity</c> applies to 'reel' notices. Everything else is a 404.
/// </summary>
internal static class ReelAccess
{
    /// <summary>
    /// The per-row filter over <c>reels r</c>; binds <c>@viewer</c> (null when anonymous). A trial not shared yet is hidden from
    /// the author's followers and close friends (docs/reels.md "Trial reels").
    /// </summary>
    public static readonly string VisibleTo =
        "r.deleted_at IS NULL AND " + VisibilityPolicy.ContentFilter("r.user_id") + " AND " + VisibilityPolicy.ReelTrialShownTo("r");

    private static readonly string FindSql = $"""
        SELECT r.id, r.user_id AS author_id, r.comments_disabled, r.likes_disabled
        FROM reels r WHERE r.id = @reelId AND {VisibleTo}
        """;

    /// <summary>Route ids are strings: anything that is not a UUID names no reel (404).</summary>
    public static bool TryParseId(string? raw, out Guid id) => Guid.TryParse(raw, out id);

    public static Task<VisibleReel?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid reelId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<VisibleReel>(new CommandDefinition(FindSql, new { viewer, reelId }, tx, cancellationToken: ct));

    private static readonly string FindSharedSql = FindSql + " FOR SHARE OF r";

    private static readonly string FindForReaderSql = FindSql + $" AND {LiveCaller.GuestOrLive("@viewer")}";

    /// <summary>
    /// The reel as <see cref="FindAsync"/> finds it, for a read about it (its comments, likers, remixes…), and nothing for a token
    /// whose account is gone: its route's 404 asks <see cref="GoneCaller.NotFoundAsync"/>, which answers that token's 401.
    /// Writes keep <see cref="FindAsync"/>: they check their caller in their own transaction (docs/accounts.md "Sessions").
    /// </summary>
    public static Task<VisibleReel?> FindForReaderAsync(NpgsqlConnection conn, Guid? viewer, Guid reelId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<VisibleReel>(new CommandDefinition(FindForReaderSql, new { viewer, reelId }, cancellationToken: ct));

    /// <summary>
    /// <see cref="FindAsync"/> with the reel share-locked until <paramref name="tx"/> ends, for a write that must not outlive the
    /// reel as it found it (a comment): a deletion or "comments off" in flight is waited for and the reel then read as it
    /// committed. Without it such a change committed in between and the comment still went in (as PostAccess.FindSharedAsync).
    /// </summary>
    public static Task<VisibleReel?> FindSharedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, Guid reelId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<VisibleReel>(new CommandDefinition(FindSharedSql, new { viewer, reelId }, tx, cancellationToken: ct));
}
