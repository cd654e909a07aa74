using Dapper;
using Fowergram.Platform.Content;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Videos;

/// <summary>
/// "May this caller see this video?" — can_view_entity's 'igtv_video' rule written out: not deleted, published or the
/// caller's own draft, and the owner's content visible to the caller (blocks, private accounts, deleted or deactivated
/// owners). Everything else is a 404, reads and writes alike.
/// </summary>
internal static class VideoAccess
{
    /// <summary>The per-row filter over <c>igtv_videos v</c>; binds <c>@viewer</c> (null when anonymous: drafts never match).</summary>
    public static readonly string VisibleTo =
        "v.deleted_at IS NULL AND (v.is_published OR v.user_id = @viewer) AND " + VisibilityPolicy.ContentFilter("v.user_id");

    /// <summary>A series is visible with its owner's content (series have no drafts and are never soft-deleted).</summary>
    public static readonly string SeriesVisibleTo = VisibilityPolicy.ContentFilter("s.user_id");

    private static readonly string FindSql = $"SELECT v.user_id FROM igtv_videos v WHERE v.id = @videoId AND {VisibleTo}";

    /// <summary>The author of the video, when the viewer (null: a guest) may see it; null otherwise.</summary>
    public static Task<Guid?> AuthorIfVisibleAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid videoId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(FindSql, new { viewer, videoId }, tx, cancellationToken: ct));

    private static readonly string FindForReaderSql = FindSql + $" AND {LiveCaller.GuestOrLive("@viewer")}";

    /// <summary>
    /// <see cref="AuthorIfVisibleAsync"/> for a read about the video (its comments, likers), and null for a token whose account
    /// is gone too: its route's 404 asks <see cref="GoneCaller.NotFoundAsync"/>, which answers that token's 401. Writes keep
    /// <see cref="AuthorIfVisibleAsync"/>: they check their caller in their own transaction (docs/accounts.md "Sessions").
    /// </summary>
    public static Task<Guid?> AuthorIfReadableAsync(NpgsqlConnection conn, Guid? viewer, Guid videoId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(FindForReaderSql, new { viewer, videoId }, cancellationToken: ct));

    /// <summary>Route ids are strings: anything that is not a UUID names nothing (404).</summary>
    public static bool TryParseId(string? raw, out Guid id) => Guid.TryParse(raw, out id);

    /// <summary>The caller's own series, share-locked so it is not deleted before the video that names it commits.</summary>
    public static async Task<bool> OwnsSeriesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId, Guid seriesId, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(VideosSql.LockOwnSeries, new { seriesId, callerId }, tx, cancellationToken: ct)) is not null;
}
