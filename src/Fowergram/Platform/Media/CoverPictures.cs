using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Media;

/// <summary>
/// One kind of row that shows a cover picture (a long-form video, a series, a reel): how to lock the caller's own live row,
/// answering the upload behind its current picture as <c>upload_id</c> (binds @id, @callerId), and how to point the row
/// at another picture (binds @id, @uploadId, @objectName, @now; nulls take it off). <see cref="What"/> names it in a 404.
/// </summary>
public sealed record CoverHolder(string What, string Lock, string Point);

/// <summary>
/// Cover pictures (docs/videos.md "Covers", docs/reels.md "Covers"): the owner sets one from an upload requested with
/// purpose 'cover', validated and claimed like any other, or takes it off. The owner's row is locked for the change, so two
/// changes are ordered and each releases what the other set; the upload a picture stops using is released in the same
/// transaction, for media-cleanup. Someone else's (or a deleted) row is a 404, and a refusal claims nothing.
/// </summary>
public sealed class CoverPictures(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, TimeProvider time)
{
    private const string Release = "UPDATE uploads SET released_at = @now WHERE id = @uploadId AND status = 'used' AND released_at IS NULL";

    /// <summary>
    /// PUT: <c>{uploadId}</c>; <paramref name="read"/> reads the row back for the caller (a 404 when null) inside the change's
    /// transaction, before it commits: read after the commit, a deletion or purge committing in between left nothing to
    /// answer with — a 404 for a cover that was set, which a client retrying then claims a second upload for.
    /// </summary>
    public async Task<IResult> SetAsync<TView>(HttpRequest request, CoverHolder holder, string rawId,
        Func<NpgsqlConnection, NpgsqlTransaction, Guid, Guid, Task<TView?>> read, CancellationToken ct) where TView : class
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(rawId, out var id)) return Problems.NotFound(holder.What);
        var body = await JsonBody.ReadAsync<SetCoverRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.UploadId is not { } uploadId || uploadId == Guid.Empty)
            return Problems.Validation("uploadId", "This field is required: the id of an upload requested with purpose 'cover'.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await LockAsync(conn, tx, holder, id, caller.UserId, ct) is not { } current) return Problems.NotFound(holder.What);
        var claim = await uploads.ClaimAsync(conn, tx, caller.UserId, uploadId, MediaPurpose.Cover, ct);
        if (!claim.Succeeded) return claim.ToProblem("uploadId");
        var now = Timestamps.Now(time);
        await conn.ExecuteAsync(new CommandDefinition(holder.Point, new { id, uploadId, objectName = claim.Media!.ObjectName, now }, tx, cancellationToken: ct));
        await ReleaseAsync(conn, tx, current.UploadId, now, ct);
        if (await read(conn, tx, caller.UserId, id) is not { } view) return Problems.NotFound(holder.What);
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>DELETE: takes the picture off (204 whether or not there was one); its object is deleted by media-cleanup.</summary>
    public async Task<IResult> RemoveAsync(HttpRequest request, CoverHolder holder, string rawId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(rawId, out var id)) return Problems.NotFound(holder.What);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await LockAsync(conn, tx, holder, id, caller.UserId, ct) is not { } current) return Problems.NotFound(holder.What);
        if (current.UploadId is not null)
        {
            var now = Timestamps.Now(time);
            await conn.ExecuteAsync(new CommandDefinition(holder.Point, new { id, uploadId = (Guid?)null, objectName = (string?)null, now }, tx,
                cancellationToken: ct));
            await ReleaseAsync(conn, tx, current.UploadId, now, ct);
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static Task<LockedHolder?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CoverHolder holder, Guid id, Guid callerId,
        CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<LockedHolder?>(new CommandDefinition(holder.Lock, new { id, callerId }, tx, cancellationToken: ct));

    private static async Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? uploadId, DateTimeOffset now, CancellationToken ct)
    {
        if (uploadId is not null)
            await conn.ExecuteAsync(new CommandDefinition(Release, new { uploadId, now }, tx, cancellationToken: ct));
    }

    private sealed class LockedHolder
    {
        public Guid Id { get; init; }
        public Guid? UploadId { get; init; }
    }
}

/// <summary>PUT .../thumbnail or .../cover: an upload requested with purpose 'cover'.</summary>
public sealed record SetCoverRequest(Guid? UploadId);
