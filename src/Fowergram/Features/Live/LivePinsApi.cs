using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// The broadcaster pins one comment to the top of a live broadcast (docs/live.md "Pinned comment", migration 0134):
/// PUT /live/{id}/comments/{commentId}/pin replaces any pin, DELETE unpins (204 either way, idempotent). Only while live;
/// only a comment of this broadcast; under the stream row's lock, as every change of the broadcaster is. Readers see it
/// as <c>pinnedComment</c> on the broadcast, when its author is one they could see in the comments list.
/// </summary>
public sealed class LivePinsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public Task<IResult> Pin(HttpRequest request, string id, string commentId, CancellationToken ct) => ChangeAsync(request, id, commentId, pin: true, ct);

    public Task<IResult> Unpin(HttpRequest request, string id, string commentId, CancellationToken ct) => ChangeAsync(request, id, commentId, pin: false, ct);

    private async Task<IResult> ChangeAsync(HttpRequest request, string id, string rawCommentId, bool pin, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        if (!Guid.TryParse(rawCommentId, out var commentId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { streamId, commentId, callerId = caller.UserId, now = Timestamps.Now(time) };
        var status = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveSql.LockOwn, args, tx, cancellationToken: ct));
        var found = pin && status is not null
            && await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(LiveSql.LockComment, args, tx, cancellationToken: ct)) is not null;
        if (status is null) return Problems.NotFound("live stream");
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (pin)
        {
            if (status != "live") return Problems.Conflict($"Only a live broadcast shows a pinned comment; this one's status is '{status}'.");
            if (!found) return Problems.NotFound("comment");
            await conn.ExecuteAsync(new CommandDefinition(LiveSql.Pin, args, tx, cancellationToken: ct));
        }
        else
        {
            await conn.ExecuteAsync(new CommandDefinition(LiveSql.Unpin, args, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
