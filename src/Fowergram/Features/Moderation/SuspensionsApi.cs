using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// Moderators suspend accounts and lift suspensions (docs/moderation.md "Suspensions", migration 0111). PUT suspends (201;
/// 200 with the first suspension when the account is suspended already), GET reads one, DELETE lifts it (the account is
/// active again), and the list is newest first. Moderators cannot be suspended: their grant is revoked first.
/// </summary>
public sealed class SuspensionsApi(NpgsqlDataSource db, AccessTokens tokens, Suspensions suspensions, TimeProvider time)
{
    public const int ReasonLimit = 2000;
    public const int MaxDays = 365;

    public async Task<IResult> Suspend(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // Who asks before what they sent: a non-moderator's refusal must not depend on (and so teach) the body's shape.
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        var body = await JsonBody.ReadAsync<SuspendRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var reason = string.IsNullOrWhiteSpace(body.Value!.Reason) ? null : body.Value.Reason.Trim();
        var errors = new Validation().Required("reason", reason).MaxLength("reason", reason, ReasonLimit);
        if (body.Value.Days is < 1 or > MaxDays) errors.Add("days", $"Must be from 1 to {MaxDays}, or left out for a suspension until lifted.");
        if (await TargetAsync(conn, username, ct) is not { } target) return Problems.NotFound("user");
        if (!errors.IsValid) return errors.ToProblem();
        if (target.IsModerator) return Problems.Conflict("Moderators cannot be suspended; revoke the account's moderator grant first.");
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = Timestamps.Now(time);
        var until = body.Value.Days is { } days ? now.AddDays(days) : (DateTimeOffset?)null;
        var suspended = await suspensions.SuspendAsync(conn, tx, target.Id, caller.UserId, null, reason!, now, until, ct);
        // Read before the commit, under the suspension's lock: read after it, a lift committed in between answered 404 for a
        // suspension that was made, its sessions ended and broadcasts stopped (SuspensionCommitReadTests).
        var view = await ReadAsync(conn, tx, target.Id, ct);
        await tx.CommitAsync(ct);
        if (view is null) return Problems.NotFound("suspension"); // found suspended by another, and lifted before this read
        return suspended ? Api.Created($"/api/v1/moderation/suspensions/{target.Username}", view) : Api.Ok(view);
    }

    public async Task<IResult> Get(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (await TargetAsync(conn, username, ct) is not { } target) return Problems.NotFound("user");
        return await ReadAsync(conn, null, target.Id, ct) is { } view ? Api.Ok(view) : Problems.NotFound("suspension");
    }

    /// <summary>Lifts the suspension: the account is active again and can log in; its ended sessions stay ended.</summary>
    public async Task<IResult> Lift(HttpRequest request, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (await TargetAsync(conn, username, ct) is not { } target) return Problems.NotFound("user");
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(SuspensionsSql.Lock, new { userId = target.Id }, tx, cancellationToken: ct));
        var lifted = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(SuspensionsSql.Lift,
            new { userId = target.Id, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return lifted ? Api.NoContent() : Problems.NotFound("suspension");
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        return Api.Ok((await KeysetQuery.PageAsync<SuspensionRow>(conn, SuspensionsSql.Recent, page, new { },
            r => new Cursor(r.CreatedAt, r.UserId), ct)).Map(r => r.ToView()));
    }

    private static Task<SuspensionTarget?> TargetAsync(NpgsqlConnection conn, string username, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<SuspensionTarget>(new CommandDefinition(SuspensionsSql.Target,
            new { username = username.Trim().ToLowerInvariant() }, cancellationToken: ct));

    private static async Task<SuspensionView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, CancellationToken ct) =>
        (await conn.QuerySingleOrDefaultAsync<SuspensionRow>(new CommandDefinition(SuspensionsSql.One, new { userId }, tx, cancellationToken: ct)))?.ToView();
}
