using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// The moderators' side of reports (docs/moderation.md, migration 0107): the queue of open and reviewing reports, oldest
/// first; taking one to review; closing one as actioned or dismissed, with notes. Only accounts in <c>moderators</c>;
/// anyone else gets a 403. What a moderator does about the target (removing a post, suspending an account) is not here:
/// the outcome records that it was done.
/// </summary>
public sealed class ModerationApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly string[] Outcomes = ["actioned", "dismissed"];
    private const int NotesLimit = 2000;

    public async Task<IResult> Queue(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await IsModeratorAsync(conn, caller.UserId, ct)) return NotModerator();
        return Api.Ok((await KeysetQuery.PageAsync<ReportRow>(conn, ReportsSql.Queue, page, new { viewer = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct)).Map(r => r.ToQueued()));
    }

    /// <summary>Open → reviewing (204); again, or for one already closed, 204 / 409; an unknown id 404.</summary>
    public async Task<IResult> Review(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await IsModeratorAsync(conn, caller.UserId, ct)) return NotModerator();
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

    public async Task<IResult> Resolve(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<ResolveReportRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var notes = string.IsNullOrWhiteSpace(body.Value!.Notes) ? null : body.Value.Notes.Trim();
        var errors = new Validation().Required("outcome", body.Value.Outcome).OneOf("outcome", body.Value.Outcome, Outcomes)
            .MaxLength("notes", notes, NotesLimit);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await IsModeratorAsync(conn, caller.UserId, ct)) return NotModerator();
        if (!Guid.TryParse(id, out var reportId)) return Problems.NotFound("report");
        if (!errors.IsValid) return errors.ToProblem();
        var row = await conn.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(ReportsSql.Resolve,
            new { id = reportId, outcome = body.Value.Outcome, notes, viewer = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct));
        if (row is not null) return Api.Ok(row.ToView());
        var status = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(ReportsSql.Exists, new { id = reportId }, cancellationToken: ct));
        return status is null ? Problems.NotFound("report") : Problems.Conflict($"This report is already closed ({status}).");
    }

    private static async Task<bool> IsModeratorAsync(NpgsqlConnection conn, Guid viewer, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ReportsSql.IsModerator, new { viewer }, cancellationToken: ct));

    private static IResult NotModerator() => Problems.Forbidden("Only moderators work the reports queue.");
}
