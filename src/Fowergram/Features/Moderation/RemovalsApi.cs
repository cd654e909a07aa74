using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Moderation;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// The owner's side of removed content (docs/moderation.md "Removed content and appeals", migration 0164): the things a
/// moderator took down, newest first, and one appeal per removal while its window is open (201; 200 with the first appeal
/// when it was made already). Only kinds with an <see cref="IReinstatement"/> can be appealed. Another account's removal
/// is a 404, as an unknown one.
/// </summary>
public sealed class RemovalsApi(NpgsqlDataSource db, AccessTokens tokens, IEnumerable<IReinstatement> reinstatements, TimeProvider time)
{
    private readonly Dictionary<string, IReinstatement> byType = reinstatements.ToDictionary(r => r.TargetType);

    public async Task<IResult> Mine(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var rows = await KeysetQuery.PageAsync<RemovalRow>(conn, RemovalsSql.Mine, page, new { viewer = caller.UserId },
            r => new Cursor(r.RemovedAt, r.Id), ct);
        var views = new List<RemovalView>(rows.Items.Count);
        foreach (var row in rows.Items) views.Add(await ViewAsync(conn, row, now, ct));
        return Api.Ok(new Page<RemovalView>(views, rows.NextCursor));
    }

    /// <summary>The owner's view; one that still looks appealable is asked whether its thing is there to bring back.</summary>
    private async Task<RemovalView> ViewAsync(NpgsqlConnection conn, RemovalRow row, DateTimeOffset now, CancellationToken ct) =>
        row.ToView(now, !row.CanAppeal(now) || !byType.TryGetValue(row.TargetType, out var reinstatement)
            || await reinstatement.CanComeBackAsync(conn, row.TargetId, ct));

    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var removalId)) return Problems.NotFound("removal");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var row = await conn.QuerySingleOrDefaultAsync<RemovalRow>(new CommandDefinition(RemovalsSql.MineOne,
            new { id = removalId, viewer = caller.UserId }, cancellationToken: ct));
        return row is null ? Problems.NotFound("removal") : Api.Ok(await ViewAsync(conn, row, time.GetUtcNow(), ct));
    }

    /// <summary>
    /// Asks for a review. 409 when the removal cannot be appealed (its kind, a thing already deleted when it was removed,
    /// appeals turned off), when the window has passed, or when its objects are already going; the removal keeps its
    /// objects from here until a moderator decides.
    /// </summary>
    public async Task<IResult> Appeal(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<RemovalAppealRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        // Required, so invisible characters alone are "required" too (TextRules.IsBlank); composed before it is measured.
        var message = string.IsNullOrWhiteSpace(body.Value!.Message) ? null
            : await ComposedText.WrittenAsync(db, body.Value.Message.Trim(), AppealsApi.MessageLimit, ct);
        var errors = new Validation().Required("message", message).MaxLength("message", message, AppealsApi.MessageLimit);
        if (!Guid.TryParse(id, out var removalId)) return Problems.NotFound("removal");
        if (!errors.IsValid) return errors.ToProblem();

        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a deleted account's removal could not come back (a reversal is a 409), yet its appeal would
        // hold the objects until decided; a suspended account appeals its suspension first (POST /auth/appeals).
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var row = await conn.QuerySingleOrDefaultAsync<RemovalRow>(new CommandDefinition(RemovalsSql.Locked, new { id = removalId }, tx, cancellationToken: ct));
        if (row is null || row.OwnerId != caller.UserId) return Problems.NotFound("removal");
        if (row.AppealStatus is not null) return Api.Ok(row.ToView(now)); // the first appeal stands
        if (row.AppealableUntil is null || !byType.TryGetValue(row.TargetType, out var reinstatement))
            return Problems.Conflict("This removal cannot be appealed.");
        if (row.AppealableUntil <= now) return Problems.Conflict($"The time to appeal this removal ended at {row.AppealableUntil:O}.");
        // Its objects already going, or nothing left to bring back (a note its author has replaced since).
        if (!await reinstatement.KeepAsync(conn, tx, row.TargetId, now, ct))
            return Problems.Conflict("This removal can no longer be appealed: what it took down can no longer come back.");
        await conn.ExecuteAsync(new CommandDefinition(RemovalsSql.Appeal, new { id = removalId, message, now }, tx, cancellationToken: ct));
        var appealed = await conn.QuerySingleAsync<RemovalRow>(new CommandDefinition(RemovalsSql.Locked, new { id = removalId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/users/me/removals/{removalId}", appealed.ToView(now));
    }
}
