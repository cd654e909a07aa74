using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Limits (docs/social-graph.md "Limits", migration 0108): PUT /users/me/limits sets who is held (accounts that do not
/// follow the caller, recent followers, or both) for a number of days; GET reads it (404 once it has run out); DELETE
/// ends it early. While it runs, those accounts' comments on the caller's posts, reels and videos are held for review
/// (<see cref="CommentHolding"/>); accounts the caller follows are never held.
/// </summary>
public sealed class LimitsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int MaxDays = 28;

    private const string Upsert = """
        INSERT INTO account_limits (user_id, non_followers, recent_followers, until, created_at)
        VALUES (@viewer, @nonFollowers, @recentFollowers, @until, @now)
        ON CONFLICT (user_id) DO UPDATE
           SET non_followers = EXCLUDED.non_followers, recent_followers = EXCLUDED.recent_followers, until = EXCLUDED.until,
               created_at = EXCLUDED.created_at
        """;

    private const string Read = "SELECT non_followers, recent_followers, until FROM account_limits WHERE user_id = @viewer AND until > @now";

    private static readonly string Delete = LiveCaller.Guarded("@viewer", $"DELETE FROM account_limits WHERE user_id = @viewer AND {LiveCaller.IsLive}");

    public async Task<IResult> Set(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<SetLimitsRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        // Instagram's default: both kinds; naming neither is a mistake only when both are sent as false.
        var (nonFollowers, recentFollowers) = (input.NonFollowers ?? true, input.RecentFollowers ?? true);
        var errors = new Validation();
        if (!nonFollowers && !recentFollowers)
            errors.Add("nonFollowers", "Limit accounts that do not follow you, recent followers or both; DELETE the limits to end them.");
        if (input.Days is not { } days) errors.Add("days", $"Required: how many days the limits last, 1–{MaxDays}.");
        else if (days is < 1 or > MaxDays) errors.Add("days", $"Must be from 1 to {MaxDays}.");
        if (!errors.IsValid) return errors.ToProblem();

        var now = Timestamps.Now(time);
        var until = now.AddDays(input.Days!.Value);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(Upsert, new { viewer = caller.UserId, nonFollowers, recentFollowers, until, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Ok(new LimitsState(nonFollowers, recentFollowers, until));
    }

    /// <summary>The limits in force; a 404 when none are set or they ran out (the resource exists only while it holds anyone).</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var row = await conn.QuerySingleOrDefaultAsync<LimitsState>(new CommandDefinition(Read,
            new { viewer = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct));
        return row is null ? Problems.Problem(StatusCodes.Status404NotFound, "Not found.", "No limits are in force.") : Api.Ok(row);
    }

    /// <summary>Ends the limits (204 whether or not there were any); comments they held stay held until reviewed.</summary>
    public async Task<IResult> End(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await LiveCaller.RunAsync(conn, Delete, new { viewer = caller.UserId }, ct)).Live ? Api.NoContent() : Problems.AccountGone();
    }
}

/// <summary>PUT /users/me/limits: whom to hold (each defaults to true; not both false) and for how many days (1–28).</summary>
public sealed record SetLimitsRequest(bool? NonFollowers, bool? RecentFollowers, int? Days);

/// <summary>The limits in force, and when they end.</summary>
public sealed record LimitsState(bool NonFollowers, bool RecentFollowers, DateTimeOffset Until);
