using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// Reporting (docs/moderation.md, migration 0107): POST /reports reports an account or a piece of content the caller can
/// see now, once per target (a second report of the same target answers the first, 200); GET /users/me/reports lists the
/// caller's reports with what became of them.
/// </summary>
public sealed class ReportsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, IdempotentRequests idempotency)
{
    public const int DetailsLimit = 2000;

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateReportRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        // Optional: empty or white space is none; invisible characters alone are a 400 (docs/api.md "Invisible optional text"),
        // not kept as words a moderator cannot see. Composed before it is measured (docs/api.md "Composed text").
        var details = string.IsNullOrWhiteSpace(input.Details) ? null : await ComposedText.WrittenAsync(db, input.Details.Trim(), DetailsLimit, ct);
        var errors = new Validation()
            .Required("targetType", input.TargetType).OneOf("targetType", input.TargetType, ReportsSql.TargetTypes)
            .Required("reason", input.Reason).OneOf("reason", input.Reason, ReportsSql.Reasons)
            .Visible("details", details).MaxLength("details", details, DetailsLimit);
        if (input.TargetId is null) errors.Add("targetId", "Required: the id of the account or content reported.");
        if (!errors.IsValid) return errors.ToProblem();
        if (input.TargetType == "user" && input.TargetId == caller.UserId) return Problems.Validation("targetId", "You cannot report yourself.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(ReportsSql.ShareTargetTurn, new { targetType = input.TargetType, targetId = input.TargetId },
            tx, cancellationToken: ct));
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var now = Timestamps.Now(time);
        var args = new { id = Ids.New(time), viewer = caller.UserId, targetType = input.TargetType, targetId = input.TargetId, reason = input.Reason, details, now };
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ReportsSql.Visible, args, tx, cancellationToken: ct)))
            return Problems.NotFound(input.TargetType!.Replace('_', ' '));
        // Over the hourly limit, a target reported already still answers its first report: only new reports are limited.
        if (await ReportLimit.RefusalAsync(conn, tx, caller.UserId, now, ct) is { } limited)
            return await conn.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(ReportsSql.Existing, args, tx, cancellationToken: ct)) is { } first
                ? Api.Ok(first.ToView())
                : limited;
        // Two reports at once (a double tap): the second insert waits for the first, and then only a fresh snapshot sees it.
        var row = await conn.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(ReportsSql.Insert, args, tx, cancellationToken: ct))
            ?? await conn.QuerySingleAsync<ReportRow>(new CommandDefinition(ReportsSql.Existing, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        var view = row.ToView();
        return row.IsNew ? Api.Created($"/api/v1/users/me/reports", view) : Api.Ok(view);
    }

    public async Task<IResult> Mine(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok((await KeysetQuery.PageAsync<ReportRow>(conn, ReportsSql.Mine, page, new { viewer = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct)).Map(r => r.ToView()));
    }
}
