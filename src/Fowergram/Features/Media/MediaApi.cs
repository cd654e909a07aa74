using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Media;

public sealed class MediaApi(NpgsqlDataSource db, AccessTokens tokens, IMediaStore store, TimeProvider time, IOptions<MediaOptions> options)
{
    /// <summary>POST /api/v1/media/uploads: 201 with an upload URL for one server-named object.</summary>
    public async Task<IResult> CreateUpload(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateUploadRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (!UploadRequestRules.TryValidate(body.Value!, out var slot, out var invalid)) return invalid!;

        var now = time.GetUtcNow();
        var expiresAt = TruncateToSeconds(now + options.Value.UploadUrlLifetime);
        var id = Ids.New(time);
        var objectName = MediaObjectNames.For(slot.Purpose, caller.UserId, id);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(MediaSql.LockUser, new { callerId = caller.UserId }, tx, cancellationToken: ct));
        var pending = await conn.QuerySingleAsync<PendingRow>(new CommandDefinition(MediaSql.PendingOf, new { callerId = caller.UserId, now }, tx, cancellationToken: ct));
        if (pending.Count >= options.Value.MaxPendingUploads)
            return Problems.TooManyRequests((pending.Earliest ?? now) - now,
                $"You already have {pending.Count} pending uploads, the most allowed at once; use them or wait until one expires.");

        var inserted = await conn.ExecuteAsync(new CommandDefinition(MediaSql.Insert, new
        {
            id, callerId = caller.UserId, purpose = MediaPolicy.Name(slot.Purpose), contentType = slot.ContentType,
            size = slot.Size, objectName, now, expiresAt,
        }, tx, cancellationToken: ct));
        if (inserted == 0) return Problems.AccountGone();

        // Signed before commit: if signing fails, no slot is left behind to count against the cap.
        var target = await store.CreateUploadTargetAsync(new UploadTargetRequest(objectName, slot.ContentType, slot.Size, expiresAt), ct);
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/media/uploads/{id}", new UploadSlotResponse(id, MediaPolicy.Name(slot.Purpose), slot.ContentType,
            slot.Size, target.Url.AbsoluteUri, target.Method, target.Headers, target.ExpiresAt));
    }

    /// <summary>
    /// GET /api/v1/media/uploads/{id}: the caller's own upload only; anyone else's is a 404. A token that outlived its account
    /// (deleted or deactivated since) reads nothing the account keeps: the 401 of every own read (docs/accounts.md "Sessions").
    /// </summary>
    public async Task<IResult> GetUpload(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var uploadId)) return Problems.NotFound("upload");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var row = await conn.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition(MediaSql.StatusOf,
            new { id = uploadId, callerId = caller.UserId, now = time.GetUtcNow() }, cancellationToken: ct));
        return row is null
            ? Problems.NotFound("upload")
            : Api.Ok(new UploadStatusResponse(row.UploadId, row.Purpose, row.ContentType, row.Size, row.Status,
                row.CreatedAt, row.ExpiresAt, row.UsedAt, row.RejectionReason));
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => value.AddTicks(-(value.UtcTicks % TimeSpan.TicksPerSecond));

    private sealed class PendingRow
    {
        public long Count { get; set; }
        public DateTimeOffset? Earliest { get; set; }
    }

    private sealed class StatusRow
    {
        public Guid UploadId { get; set; }
        public string Purpose { get; set; } = "";
        public string ContentType { get; set; } = "";
        public long Size { get; set; }
        public string Status { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? UsedAt { get; set; }
        public string? RejectionReason { get; set; }
    }
}
