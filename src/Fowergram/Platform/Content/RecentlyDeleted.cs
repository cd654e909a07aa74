using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// "Recently deleted" (docs/posts.md, docs/reels.md, docs/videos.md): what posts, reels and long-form videos share. A thing its
/// author deletes keeps <c>restorable_until</c> (its table's column: the deletion plus the area's restore window) and may be
/// restored by them until then; the other deletions (a moderator's takedown, the account's purge, deleted for good) leave it
/// null. Every statement is scoped to the author (@callerId).
/// </summary>
public static class RecentlyDeleted
{
    /// <summary>One entry of an author's list: the thing's id and its two times.</summary>
    public sealed class Entry
    {
        public Guid Id { get; init; }
        public DateTimeOffset DeletedAt { get; init; }
        public DateTimeOffset RestorableUntil { get; init; }
    }

    /// <summary>A keyset page of the caller's restorable things in <paramref name="table"/>, most recently deleted first.</summary>
    public static Task<Page<Entry>> PageAsync(NpgsqlConnection conn, string table, Guid callerId, PageRequest page, DateTimeOffset now,
        CancellationToken ct) =>
        KeysetQuery.PageAsync<Entry>(conn, $"""
            SELECT t.id, t.deleted_at, t.restorable_until FROM {table} t
            WHERE t.user_id = @callerId AND t.restorable_until IS NOT NULL AND t.restorable_until > @now
              AND {KeysetSql.Older("t.deleted_at", "t.id")}
            ORDER BY t.deleted_at DESC, t.id DESC LIMIT @take
            """, page, new { callerId, now }, e => new Cursor(e.DeletedAt, e.Id), ct);

    /// <summary>Whether <paramref name="id"/> is the caller's live thing in <paramref name="table"/> (a retried restore).</summary>
    public static Task<bool> IsOwnLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, Guid callerId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id AND user_id = @callerId AND deleted_at IS NULL)",
            new { id, callerId }, tx, cancellationToken: ct));

    /// <summary>The 404 of every route of the list for a thing that is not in the caller's list, whatever the reason.</summary>
    public static IResult NotInList(string what) => Problems.Problem(StatusCodes.Status404NotFound, "Not found.",
        $"No {what} of yours with this id is in Recently deleted: it was never yours, was deleted for good, or its time to be restored has passed.");

    /// <summary>
    /// Statements for things whose stored objects are their uploads (a video, a cover: upload_id, thumbnail_upload_id),
    /// deleted by media-cleanup once released (uploads.released_at, migration 0064) and Media:CleanupGrace has passed.
    /// Releasing as of the end of the window keeps the objects exactly as long as the thing may come back, with no job of
    /// its own; media-cleanup acts a grace after that end, from which on a restore is refused, so the two never meet.
    /// </summary>
    public static class ReleasedUploads
    {
        /// <summary>
        /// The author's soft delete (@id, @callerId, @now), restorable until @restorableUntil — its uploads released as of
        /// then — or, with @restorableUntil null, final and released now. Returns <paramref name="returning"/> of the row.
        /// </summary>
        public static string SoftDelete(string table, string returning) => $"""
            WITH gone AS (
                UPDATE {table} SET deleted_at = @now, restorable_until = @restorableUntil, updated_at = @now
                WHERE id = @id AND user_id = @callerId AND deleted_at IS NULL
                RETURNING {returning}, upload_id, thumbnail_upload_id
            ), released AS (
                UPDATE uploads SET released_at = coalesce(@restorableUntil, @now) FROM gone
                WHERE uploads.id IN (gone.upload_id, gone.thumbnail_upload_id) AND uploads.status = 'used' AND uploads.released_at IS NULL
            )
            SELECT {returning} FROM gone
            """;

        /// <summary>Back from the list while restorable, its uploads' release taken back. Returns <paramref name="returning"/>.</summary>
        public static string Restore(string table, string returning) => $"""
            WITH back AS (
                UPDATE {table} SET deleted_at = NULL, restorable_until = NULL, updated_at = @now
                WHERE id = @id AND user_id = @callerId AND restorable_until > @now
                RETURNING {returning}, upload_id, thumbnail_upload_id
            ), kept AS (
                UPDATE uploads SET released_at = NULL FROM back
                WHERE uploads.id IN (back.upload_id, back.thumbnail_upload_id) AND uploads.object_deleted_at IS NULL
            )
            SELECT {returning} FROM back
            """;

        /// <summary>
        /// A restorable thing made final (a takedown, deleted for good): not restorable any more, its uploads released now
        /// rather than at the end of its window. Returns its id when the caller had one still restorable.
        /// </summary>
        public static string Finalise(string table) => $"""
            WITH final AS (
                UPDATE {table} SET restorable_until = NULL, updated_at = @now
                WHERE id = @id AND user_id = @callerId AND restorable_until > @now
                RETURNING id, upload_id, thumbnail_upload_id
            ), released AS (
                UPDATE uploads SET released_at = @now FROM final
                WHERE uploads.id IN (final.upload_id, final.thumbnail_upload_id) AND uploads.released_at > @now
            )
            SELECT id FROM final
            """;

        /// <summary>The author of a thing still restorable (for a takedown, which knows only the id).</summary>
        public static string RestorableOwner(string table) => $"SELECT user_id FROM {table} WHERE id = @id AND restorable_until > @now";
    }
}
