using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// The broadcaster's review of held live comments (docs/live.md "Held comments"), as posts, reels and videos have it:
/// GET /live/{id}/comments/held lists them, newest first; POST /live/{id}/comments/{commentId}/approve shows one to everyone
/// and counts it, once. Live comments raise no events, so an approval has nothing to announce. Deleting a held comment is
/// the usual DELETE of a live comment.
/// </summary>
public sealed class LiveHeldCommentsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>Only the broadcaster: anyone else who may see the broadcast gets a 403 (as for a post), others a 404.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { streamId, viewer = caller.UserId };
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(LiveHeldSql.VisibleOwner, args, cancellationToken: ct)) is not { } owner)
            return await GoneCaller.NotFoundAsync(conn, caller.UserId, "live stream", ct);
        if (owner != caller.UserId) return Problems.Forbidden("Only the broadcaster reviews a broadcast's held comments.");
        var rows = await KeysetQuery.PageAsync<LiveCommentRow>(conn, LiveHeldSql.Held, page, args, r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(rows.Map(r => new LiveCommentView(r.Id, new UserSummary(r.AuthorId, r.Username, r.FullName, r.Avatar, r.IsVerified), r.Content, r.CreatedAt)));
    }

    /// <summary>
    /// 204 once shown, and 204 again for a comment already shown (counted once); live or ended, as a comment's deletion
    /// (the comments of an ended broadcast stay readable, so one approved afterwards joins them). Another account's
    /// broadcast: 404 "live stream"; another broadcast's comment, or one gone: 404 "comment".
    /// </summary>
    public async Task<IResult> Approve(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        if (!Guid.TryParse(commentId, out var target)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { streamId, commentId = target, callerId = caller.UserId, now = Timestamps.Now(time) };
        // The stream row first, as pins, deletes, comments and the end take it; then the comment and the count.
        if (await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveSql.LockOwn, args, tx, cancellationToken: ct)) is null)
            return Problems.NotFound("live stream");
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var held = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(LiveHeldSql.IsHeld, args, tx, cancellationToken: ct));
        if (held is null) return Problems.NotFound("comment");
        if (held == false) return Api.NoContent();
        // A purge's cascade takes no stream lock and may delete the comment meanwhile: then nothing was shown.
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(LiveHeldSql.Approve, args, tx, cancellationToken: ct)) == 0)
            return Problems.NotFound("comment");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
