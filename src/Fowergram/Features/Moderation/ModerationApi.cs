using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Fowergram.Platform.Moderation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// The moderators' side of reports (docs/moderation.md, migration 0107): the queue of open and reviewing reports, oldest
/// first; taking one to review; closing one as actioned or dismissed, with notes. Only accounts in <c>moderators</c>;
/// anyone else gets a 403. Closing one as actioned can take its target down: the areas' <see cref="ITakedown"/>s remove
/// content, <see cref="Suspensions"/> suspends an account.
/// </summary>
public sealed class ModerationApi(NpgsqlDataSource db, AccessTokens tokens, Suspensions suspensions, IEnumerable<ITakedown> takedowns,
    IEnumerable<IReinstatement> reinstatements, IOptions<ModerationOptions> options, MediaUploads media, TimeProvider time)
{
    private static readonly string[] Outcomes = ["actioned", "dismissed"];
    private const int NotesLimit = 2000;

    /// <summary>Every reportable kind but accounts has its takedown, registered by its area (ModerationTests checks all are).</summary>
    private readonly Dictionary<string, ITakedown> byType =
        takedowns.SelectMany(t => t.TargetTypes.Select(type => (type, t))).ToDictionary(p => p.type, p => p.t);

    /// <summary>The kinds whose removal may be appealed (docs/moderation.md "Removed content and appeals").</summary>
    private readonly Dictionary<string, IReinstatement> reinstatable = reinstatements.ToDictionary(r => r.TargetType);

    /// <summary>Open and reviewing reports, oldest first; ?type= keeps one kind of target (post, comment, user...).</summary>
    public async Task<IResult> Queue(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var type = request.Query["type"].ToString();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        if (type.Length > 0 && !ReportsSql.TargetTypes.Contains(type))
            return Problems.Validation("type", $"Must be one of: {string.Join(", ", ReportsSql.TargetTypes)}.");
        // ?limited=true: only reports whose target its open reports limit now ("Limited while in review"), to take first.
        var limitedText = request.Query["limited"].ToString();
        if (limitedText.Length > 0 && limitedText is not ("true" or "false")) return Problems.Validation("limited", "Must be true or false.");
        var limited = limitedText == "true";
        return Api.Ok((await KeysetQuery.PageAsync<ReportRow>(conn, ReportsSql.Queue, page,
            new { viewer = caller.UserId, type = type.Length > 0 ? type : null, limited },
            r => new Cursor(r.CreatedAt, r.Id), ct)).Map(r => r.ToQueued()));
    }

    /// <summary>One report, open or closed, with its target as it is now (<see cref="ReportTargets"/>); 404 for an unknown id.</summary>
    public Task<IResult> Get(HttpRequest request, string id, CancellationToken ct) =>
        Moderators.OneAsync<ReportRow>(db, tokens, request, id, "report", ReportsSql.ForModerator,
            async (conn, row) => row.ToModerated(await ReportTargets.ReadAsync(conn, media, row.TargetType, row.TargetId, ct)), ct);

    /// <summary>Open → reviewing (204); again, or for one already closed, 204 / 409; an unknown id 404.</summary>
    public async Task<IResult> Review(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!Guid.TryParse(id, out var reportId)) return Problems.NotFound("report");
        var status = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(ReportsSql.Review,
            new { id = reportId, now = Timestamps.Now(time) }, cancellationToken: ct));
        return status switch
        {
            null => Problems.NotFound("report"),
            "reviewing" => Api.NoContent(),
            _ => Problems.Conflict($"This report is already closed ({status})."),
        };
    }

    /// <summary>
    /// Closes an open or reviewing report (409 once closed). With remove (only with actioned), the target goes first: content
    /// as its owner's deletion would remove it (<see cref="ITakedown"/>), an account suspended; every other open report of the
    /// same target is closed with it. A target with nothing left to remove is a 409 and changes nothing.
    /// </summary>
    public async Task<IResult> Resolve(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // Who asks before what they sent: a non-moderator's refusal must not depend on (and so teach) the body's shape.
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        var body = await JsonBody.ReadAsync<ResolveReportRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        var remove = input.Remove == true;
        var errors = new Validation().Required("outcome", input.Outcome).OneOf("outcome", input.Outcome, Outcomes)
            .MaxLength("notes", notes, NotesLimit).Visible("notes", notes); // invisible alone: no record, nor a suspension's reason
        if (remove && input.Outcome == "dismissed") errors.Add("remove", "Only an actioned report removes its target.");
        if (!Guid.TryParse(id, out var reportId)) return Problems.NotFound("report");
        if (!errors.IsValid) return errors.ToProblem();

        await using var tx = await conn.BeginTransactionAsync(ct);
        var target = (await conn.QueryAsync<(string TargetType, Guid TargetId, string Reason)>(new CommandDefinition(ReportsSql.Target,
            new { id = reportId }, tx, cancellationToken: ct))).ToList();
        if (target.Count == 0) return Problems.NotFound("report");
        var (targetType, targetId, reason) = target[0];
        await conn.ExecuteAsync(new CommandDefinition(ReportsSql.TakeTargetTurn, new { targetType, targetId }, tx, cancellationToken: ct));
        var locked = await conn.QueryAsync<(Guid Id, string Status)>(new CommandDefinition(ReportsSql.LockTarget, new { targetType, targetId }, tx,
            cancellationToken: ct));
        if (locked.SingleOrDefault(r => r.Id == reportId).Status is not { } status) return Problems.NotFound("report");
        if (status is "actioned" or "dismissed") return Problems.Conflict($"This report is already closed ({status}).");
        // Whose it is (the account itself for a user), read under the target's turn: nobody judges their own case.
        var targetOwner = await ReportTargets.OwnerAsync(conn, tx, targetType, targetId, ct);
        if (targetOwner == caller.UserId) return Moderators.OwnCase();

        var now = Timestamps.Now(time);
        string? action = null;
        Guid? owner = null; // of removed content, told why it went; a suspended account learns of it when logging in
        DateTimeOffset? appealableUntil = null;
        if (remove)
        {
            action = targetType == "user" ? "suspended" : "removed";
            if (targetType != "user") owner = targetOwner;
            var takedown = await TakeDownAsync(conn, tx, reportId, caller.UserId, targetType, targetId, notes, now, ct);
            if (takedown == Takedown.Gone)
                return Problems.Conflict(targetType == "user"
                    ? "This account is already suspended or gone, or is a moderator; resolve the report without remove."
                    : $"This {targetType.Replace('_', ' ')} is already gone; resolve the report without remove.");
            // Appealable only when what went was up, as the takedown found it under the target's lock: a read before it could
            // see the thing up while its author's deletion was committing, and a reversed appeal then brought it back live.
            if (takedown == Takedown.Removed) appealableUntil = await AppealableUntilAsync(conn, tx, targetType, targetId, now, ct);
            // Its objects stay for the appeal window, so that a reversed appeal finds it whole.
            if (appealableUntil is { } until) await reinstatable[targetType].HoldAsync(conn, tx, targetId, until, ct);
        }
        var rows = await conn.QueryAsync<ReportRow>(new CommandDefinition(ReportsSql.Resolve, new
        {
            id = reportId, outcome = input.Outcome, action, notes, viewer = caller.UserId, now, targetType, targetId,
            notice = ReportNotices.Closed(targetType, input.Outcome!, action),
            owner, ownerNotice = ReportNotices.Removed(targetType, reason),
        }, tx, cancellationToken: ct));
        if (owner is not null)
            await conn.ExecuteAsync(new CommandDefinition(RemovalsSql.Record, new { reportId, ownerId = owner, targetType, targetId, now, appealableUntil },
                tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Ok(rows.Single(r => r.Id == reportId).ToView());
    }

    /// <summary>
    /// Until when the removal just made of a thing that was up may be appealed: the window's end for a kind that can come back,
    /// or the thing's own end when that comes sooner (a note's day); null otherwise, for a thing whose end has passed, or with
    /// appeals off.
    /// </summary>
    private async Task<DateTimeOffset?> AppealableUntilAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId,
        DateTimeOffset now, CancellationToken ct)
    {
        if (options.Value.AppealWindow <= TimeSpan.Zero || !reinstatable.TryGetValue(targetType, out var reinstatement)) return null;
        var until = now + options.Value.AppealWindow;
        if (await reinstatement.EndsAtAsync(conn, tx, targetId, ct) is { } ends && ends < until) until = ends;
        return until > now ? until : null;
    }

    /// <summary>Removes the target, or suspends the reported account (not a moderator; the reason is the notes, else the report's reason).</summary>
    private async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid reportId, Guid moderator, string targetType,
        Guid targetId, string? notes, DateTimeOffset now, CancellationToken ct)
    {
        if (targetType != "user") return await byType[targetType].TakeDownAsync(conn, tx, targetType, targetId, now, ct);
        var account = await conn.QuerySingleOrDefaultAsync<ReportedAccount>(new CommandDefinition(ReportsSql.ReportedAccount,
            new { targetId, reportId, now }, tx, cancellationToken: ct));
        if (account is not { Live: true, IsModerator: false }) return Takedown.Gone;
        return await suspensions.SuspendAsync(conn, tx, targetId, moderator, reportId, notes ?? account.Reason, now, until: null, ct)
            ? Takedown.Removed
            : Takedown.Gone;
    }
}

internal sealed class ReportedAccount
{
    public bool Live { get; init; }
    public bool IsModerator { get; init; }

    /// <summary>The report's reason, the suspension's when the moderator wrote no notes.</summary>
    public string Reason { get; init; } = "";
}
