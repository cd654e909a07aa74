using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;
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

    /// <summary>
    /// An account purge's batch of the account's things in <paramref name="table"/> (@userId, @limit, @now): the live ones
    /// deleted and the restorable ones made final (no restoring after the purge). Returns <paramref name="returning"/> (columns
    /// of <c>x</c>, the row) and <c>live</c>: whether the row was live, so only those raise a deleted event. The lock re-reads
    /// a row a concurrent run changed, so each is deleted (and raised) once.
    /// </summary>
    public static string AccountPurge(string table, string returning) => $"""
        WITH target AS (
            SELECT id, deleted_at IS NULL AS live FROM {table}
            WHERE user_id = @userId AND (deleted_at IS NULL OR restorable_until IS NOT NULL) LIMIT @limit FOR UPDATE)
        UPDATE {table} x SET deleted_at = coalesce(x.deleted_at, @now), restorable_until = NULL, updated_at = @now
        FROM target t WHERE x.id = t.id
        RETURNING {returning}, t.live
        """;

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
        /// rather than at the end of its window; <paramref name="alsoSet"/> (", column = value", …) for what a kind lets go
        /// with it. Returns its id when the caller had one still restorable.
        /// </summary>
        public static string Finalise(string table, string alsoSet = "") => $"""
            WITH final AS (
                UPDATE {table} SET restorable_until = NULL, updated_at = @now{alsoSet}
                WHERE id = @id AND user_id = @callerId AND restorable_until > @now
                RETURNING id, upload_id, thumbnail_upload_id
            ), released AS (
                UPDATE uploads SET released_at = @now FROM final
                WHERE uploads.id IN (final.upload_id, final.thumbnail_upload_id) AND uploads.released_at > @now
            )
            SELECT id FROM final
            """;

        /// <summary>
        /// A moderator's takedown (<see cref="ITakedown"/>): the live thing removed by <paramref name="removeLive"/> (its
        /// owner's soft delete, given the owner: final, no actor); else one its author deleted and could still restore made
        /// final (no second deleted event: the author's deletion raised it), its uploads released now. The owner is read
        /// without a lock: a deletion of its author's committing meanwhile leaves the soft delete nothing, and the takedown
        /// then makes that deletion final instead.
        /// </summary>
        public static async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, DateTimeOffset now,
            Func<Guid, Task<bool>> removeLive, CancellationToken ct)
        {
            if (await Owners.OfLiveAsync(conn, tx, table, id, ct) is { } owner && await removeLive(owner)) return Takedown.Removed;
            return await TakeDownRestorableAsync(conn, tx, table, id, now, ct) ? Takedown.Finalised : Takedown.Gone;
        }

        /// <summary>A restorable thing made final, its uploads released now; false when the thing is not restorable.</summary>
        private static async Task<bool> TakeDownRestorableAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, DateTimeOffset now,
            CancellationToken ct) =>
            await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                    $"SELECT user_id FROM {table} WHERE id = @id AND restorable_until > @now", new { id, now }, tx, cancellationToken: ct)) is { } author
            && await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(Finalise(table), new { id, callerId = author, now }, tx,
                cancellationToken: ct)) is not null;
    }
}

/// <summary>
/// The three routes of one kind of content's "Recently deleted": the author's list, restore and delete for good, each scoped
/// to the caller. A kind says where its rows are, how it shows them and what restoring raises; the statements default to
/// <see cref="RecentlyDeleted.ReleasedUploads"/> (reels, videos), and posts give their own.
/// </summary>
/// <typeparam name="TView">How a restored thing is answered (as GET of it shows it).</typeparam>
/// <typeparam name="TItem">One entry of the list: the thing as the list shows it, with its two times.</typeparam>
public abstract class RecentlyDeletedApi<TView, TItem>(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time) where TView : class
{
    /// <summary>The clock the routes read, for the kind's own statements.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>The table, with id, user_id, deleted_at and restorable_until.</summary>
    protected abstract string Table { get; }

    /// <summary>What the thing is called in answers ("reel").</summary>
    protected abstract string Noun { get; }

    /// <summary>Takes the thing back (@id, @callerId, @now) while restorable; returns its id, nothing otherwise.</summary>
    protected virtual string RestoreSql => RecentlyDeleted.ReleasedUploads.Restore(Table, "id");

    /// <summary>Ends restoring (@id, @callerId, @now) while restorable; returns its id, nothing otherwise.</summary>
    protected virtual string FinaliseSql => RecentlyDeleted.ReleasedUploads.Finalise(Table);

    /// <summary>The list's entries for the caller's own deleted things, in the order of <paramref name="entries"/>.</summary>
    protected abstract Task<IReadOnlyList<TItem>> ListItemsAsync(NpgsqlConnection conn, Guid ownerId, IReadOnlyList<RecentlyDeleted.Entry> entries,
        CancellationToken ct);

    /// <summary>
    /// The thing as its author sees it now, in the restoring transaction <paramref name="tx"/>: a deletion committed right after
    /// the restore would leave a read after the commit nothing (a 404 for a restore that stood).
    /// </summary>
    protected abstract Task<TView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, Guid id, CancellationToken ct);

    /// <summary>
    /// What a kind does in the restoring transaction before the restore statement, when its rows have places in something it
    /// must lock first (a video's series, <c>SeriesCapacity.KeepPlaceOrLeaveAsync</c>). Nothing by default.
    /// </summary>
    protected virtual Task BeforeRestoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, DateTimeOffset now,
        CancellationToken ct) =>
        Task.CompletedTask;

    /// <summary>Raises the area's restored event in the restoring transaction.</summary>
    protected abstract Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct);

    /// <summary>The list's entries for <paramref name="shown"/>, the views of the entries' things, in the entries' order.</summary>
    protected static IReadOnlyList<TItem> Pair<TShown>(IReadOnlyList<RecentlyDeleted.Entry> entries, IEnumerable<TShown> shown, Func<TShown, Guid> idOf,
        Func<TShown, RecentlyDeleted.Entry, TItem> item)
    {
        var byId = shown.ToDictionary(idOf);
        return entries.Where(e => byId.ContainsKey(e.Id)).Select(e => item(byId[e.Id], e)).ToList();
    }

    /// <summary>Route ids are strings: anything that is not a UUID names nothing (404).</summary>
    private static bool TryParseId(string raw, out Guid id) => Guid.TryParse(raw, out id);

    /// <summary>GET /users/me/{things}/deleted: most recently deleted first, each with the time it can no longer be restored.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var entries = await RecentlyDeleted.PageAsync(conn, Table, caller.UserId, page, Time.GetUtcNow(), ct);
        return Api.Ok(new Page<TItem>(await ListItemsAsync(conn, caller.UserId, entries.Items, ct), entries.NextCursor));
    }

    /// <summary>POST /{things}/{id}/restore: back as it was. The caller's live thing answers the same 200: a retry is not an error.</summary>
    public async Task<IResult> Restore(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!TryParseId(id, out var thingId)) return RecentlyDeleted.NotInList(Noun);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            var now = Timestamps.Now(Time);
            await BeforeRestoreAsync(conn, tx, thingId, caller.UserId, now, ct);
            var back = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(RestoreSql,
                new { id = thingId, callerId = caller.UserId, now }, tx, cancellationToken: ct));
            if (back is not null) await RaiseRestoredAsync(conn, tx, thingId, caller.UserId, ct);
            else if (!await RecentlyDeleted.IsOwnLiveAsync(conn, tx, Table, thingId, caller.UserId, ct)) return RecentlyDeleted.NotInList(Noun);
            if (await ReadAsync(conn, tx, caller.UserId, thingId, ct) is not { } view) return Problems.NotFound(Noun);
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }

    /// <summary>DELETE /users/me/{things}/deleted/{id}: out of the list and beyond restoring at once.</summary>
    public async Task<IResult> DeleteForGood(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!TryParseId(id, out var thingId)) return RecentlyDeleted.NotInList(Noun);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(FinaliseSql,
                new { id = thingId, callerId = caller.UserId, now = Timestamps.Now(Time) }, tx, cancellationToken: ct)) is null)
            return RecentlyDeleted.NotInList(Noun);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
