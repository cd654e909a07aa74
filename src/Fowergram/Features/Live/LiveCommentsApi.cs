using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// POST /live/{id}/comments (only while live, only by those who may see it), GET, newest first, and DELETE (the author's
/// or the broadcaster's).
/// </summary>
public sealed class LiveCommentsApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    private const int BodyLimit = 8 * 1024;

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Post(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => PostOnce(request, id, ct), ct);

    private async Task<IResult> PostOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        var body = await JsonBody.ReadAsync<CreateLiveCommentRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var written = await ComposedText.WrittenAsync(db, body.Value!.Content, LiveRules.MaxComment, ct);
        if (LiveRules.Comment(written, errors) is not { } content) return errors.ToProblem();

        var commentId = Ids.New(time);
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct))
                return Problems.AccountGone();
            var stream = await conn.QuerySingleOrDefaultAsync<LockedStream>(new CommandDefinition(LiveSql.ShareVisibleWithOwner,
                new { streamId, viewer = caller.UserId }, tx, cancellationToken: ct));
            if (stream is null || await LiveModerationApi.IsRemovedAsync(conn, tx, streamId, caller.UserId, ct)) return Problems.NotFound("live stream");
            if (stream.Status != "live") return Problems.Conflict($"Comments are taken only while a broadcast is live; this one's status is '{stream.Status}'.");
            if (await LiveModerationApi.IsMutedAsync(conn, tx, streamId, caller.UserId, ct))
                return Problems.Forbidden("The broadcaster muted your comments in this broadcast; you can still watch.");
            // Held as it would be on the broadcaster's posts (restricted, limited, a hidden word): the writer is not told.
            var heldAt = await CommentHolding.HeldAtAsync(conn, tx, stream.UserId, caller.UserId, content, now, ct);
            await conn.ExecuteAsync(new CommandDefinition(LiveSql.InsertComment, new { id = commentId, streamId, viewer = caller.UserId, content, now, heldAt },
                tx, cancellationToken: ct));
            // The author is read before the commit: read after, an account deleted in between answered a 500 for a comment
            // that had been written. Inside, the row is there: the insert's foreign key holds it (key share) until the commit.
            if (await AuthorAsync(conn, tx, caller.UserId, ct) is not { } author) return Problems.AccountGone();
            if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Comment, ct) is { } spent) return spent;
            await tx.CommitAsync(ct);
            return Api.Created($"/api/v1/live/{streamId}/comments", new LiveCommentView(commentId, author, content, now));
        }
    }

    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        var viewer = caller?.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(LiveSql.CanRead, new { streamId, viewer }, cancellationToken: ct)) is null)
            return await GoneCaller.NotFoundAsync(conn, viewer, "live stream", ct);
        var rows = await KeysetQuery.PageAsync<LiveCommentRow>(conn, LiveSql.Comments, page, new { streamId, viewer },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(rows.Map(r => new LiveCommentView(r.Id, new UserSummary(r.AuthorId, r.Username, r.FullName, r.Avatar, r.IsVerified), r.Content, r.CreatedAt)));
    }

    /// <summary>
    /// DELETE /live/{id}/comments/{commentId}: by its author or by the broadcaster (moderation), live or after, for callers
    /// who may still see the broadcast; anyone else's attempt, and a second delete, is a 404 and changes nothing.
    /// </summary>
    public async Task<IResult> Delete(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The stream row first, as an end and a pin take it: a pinned comment's delete sets live_streams.pinned_comment_id
        // to null (0134's ON DELETE SET NULL) after it has counted on live_stream_stats, which an end writes while holding
        // the stream row — without this lock the two wait for each other and PostgreSQL kills one (a deadlock, a 503).
        if (await conn.QuerySingleOrDefaultAsync<LockedStream>(new CommandDefinition(LiveSql.LockVisible, new { streamId, viewer = caller.UserId }, tx,
                cancellationToken: ct)) is null)
            return Problems.NotFound("live stream");
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var deleted = await conn.ExecuteScalarAsync<long>(new CommandDefinition(LiveSql.DeleteComment,
            new { streamId, commentId = targetId, callerId = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (deleted == 0) return Problems.NotFound("comment");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static async Task<UserSummary?> AuthorAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<UserSummary>(new CommandDefinition(
            "SELECT id, username, full_name AS fullname, avatar, is_verified AS isverified FROM users WHERE id = @userId", new { userId }, tx,
            cancellationToken: ct));
}
