using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Fowergram.Platform.Moderation;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// The moderators' side of appeals of removed content (docs/moderation.md "Removed content and appeals"): the open ones,
/// oldest first; one, with the removed thing as it is now; and the decision — reversed brings the thing back (its area's
/// <see cref="IReinstatement"/>), upheld lets its stored objects go. The owner is told either way, with no moderator named.
/// Only accounts in <c>moderators</c>; anyone else gets a 403.
/// </summary>
public sealed class RemovalAppealsApi(NpgsqlDataSource db, AccessTokens tokens, IEnumerable<IReinstatement> reinstatements, MediaUploads media,
    TimeProvider time)
{
    private const int NotesLimit = 2000;
    private static readonly string[] Outcomes = ["reversed", "upheld"];
    private readonly Dictionary<string, IReinstatement> byType = reinstatements.ToDictionary(r => r.TargetType);

    public async Task<IResult> Queue(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        return Api.Ok((await KeysetQuery.PageAsync<RemovalRow>(conn, RemovalsSql.Queue, page, new { },
            r => new Cursor(r.AppealedAt!.Value, r.Id), ct)).Map(r => r.ToModerated()));
    }

    public Task<IResult> Get(HttpRequest request, string id, CancellationToken ct) =>
        Moderators.OneAsync<RemovalRow>(db, tokens, request, id, "appeal", RemovalsSql.Appealed,
            async (conn, row) => row.ToModerated(await ReportTargets.ReadAsync(conn, media, row.TargetType, row.TargetId, ct)), ct);

    /// <summary>
    /// Decides an open appeal (409 once decided). Reversing a thing that cannot come back now — its owner's account is deleted,
    /// or its objects are gone — is a 409 and changes nothing, so the appeal stays open.
    /// </summary>
    public async Task<IResult> Decide(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // Who asks before what they sent: a non-moderator's refusal must not depend on (and so teach) the body's shape.
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        var body = await JsonBody.ReadAsync<DecideAppealRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var notes = string.IsNullOrWhiteSpace(body.Value!.Notes) ? null : body.Value.Notes.Trim();
        var outcome = body.Value.Outcome;
        var errors = new Validation().Required("outcome", outcome).OneOf("outcome", outcome, Outcomes).MaxLength("notes", notes, NotesLimit).Visible("notes", notes);
        if (!Guid.TryParse(id, out var removalId)) return Problems.NotFound("appeal");
        if (!errors.IsValid) return errors.ToProblem();

        var now = Timestamps.Now(time);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<RemovalRow>(new CommandDefinition(RemovalsSql.Locked, new { id = removalId }, tx, cancellationToken: ct));
        if (row?.AppealStatus is null) return Problems.NotFound("appeal");
        if (row.AppealStatus != "open") return Problems.Conflict($"This appeal is already closed ({row.AppealStatus}).");
        if (row.OwnerId == caller.UserId) return Moderators.OwnCase();
        var reinstatement = byType[row.TargetType]; // an appeal is made only where there is one
        if (outcome == "reversed")
        {
            if (!await reinstatement.ReinstateAsync(conn, tx, row.TargetId, now, ct))
                return Problems.Conflict(
                    "This content cannot come back now: its owner's account is deleted, or what it needs is gone (its stored media, or the post it was on).");
        }
        else await reinstatement.ReleaseAsync(conn, tx, row.TargetId, now, ct);
        await conn.ExecuteAsync(new CommandDefinition(RemovalsSql.Decide, new
        {
            id = removalId, outcome, now, moderator = caller.UserId, notes, notice = ReportNotices.AppealDecided(row.TargetType, row.Reason, outcome!),
        }, tx, cancellationToken: ct));
        var decided = await conn.QuerySingleAsync<RemovalRow>(new CommandDefinition(RemovalsSql.Locked, new { id = removalId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Ok(decided.ToModerated());
    }
}
