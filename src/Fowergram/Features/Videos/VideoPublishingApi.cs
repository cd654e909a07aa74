using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Publishing and unpublishing, owner only. Both are idempotent: the event is raised only when the state really changed,
/// and publishing a published video keeps its first published_at (the channel's order does not jump).
/// </summary>
public sealed class VideoPublishingApi(NpgsqlDataSource db, AccessTokens tokens, VideoReader reader, TimeProvider time)
{
    /// <summary>POST /videos/{id}/publish: the draft goes out (idempotent: a published video keeps its published_at).</summary>
    public Task<IResult> Publish(HttpRequest request, string id, CancellationToken ct) =>
        ChangePublicationAsync(request, id, VideosSql.Publish, VideoEvents.Published, ct);

    /// <summary>POST /videos/{id}/unpublish: back to a draft, seen by the owner alone (idempotent).</summary>
    public Task<IResult> Unpublish(HttpRequest request, string id, CancellationToken ct) =>
        ChangePublicationAsync(request, id, VideosSql.Unpublish, VideoEvents.Unpublished, ct);

    private async Task<IResult> ChangePublicationAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            var args = new { videoId, callerId = caller.UserId, now = Timestamps.Now(time) };
            if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(VideosSql.LockOwn, args, tx, cancellationToken: ct)) is null)
                return Problems.NotFound("video");
            if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, args, tx, cancellationToken: ct)) is not null)
                await Outbox.EnqueueAsync(conn, tx, time, eventType, caller.UserId, VideoEvent.Of(videoId, caller.UserId), ct);
            // Read in the transaction: a deletion committed right after it would leave a later read nothing (a 404 for a change that stood).
            if (await reader.ReadAsync(conn, tx, caller.UserId, videoId, ct) is not { } view) return Problems.NotFound("video");
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }
}
