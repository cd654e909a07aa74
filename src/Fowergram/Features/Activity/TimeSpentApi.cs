using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Activity;

/// <summary>
/// "Your activity → Time spent" and the daily limit (docs/accounts.md "Time spent"): the minutes a day the caller used the
/// app, counted from the presence marks of its requests (account_time_spent, migration 0192), and the reminder threshold the
/// owner chose. The client shows the reminder: <see cref="TimeSpentToday.LimitReached"/> says when.
/// </summary>
public sealed class TimeSpentApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>Instagram's daily limit choices, in minutes (users_daily_limit_minutes_check).</summary>
    public static readonly int[] Limits = [15, 30, 45, 60, 120, 180];

    public static readonly UserSetting Limit = new("daily_limit_minutes", "minutes");

    /// <summary>
    /// Every UTC day of the window, oldest first (days without use count 0), and the owner's limit with whether the account is
    /// live: a token outlives a deleted, deactivated or suspended account by minutes, and its limit is not "off" then but
    /// unknown to it (401, as GET /users/me/daily-limit answers).
    /// </summary>
    private const string Read = """
        SELECT d.day::date AS day, coalesce(t.minutes, 0)::int AS minutes
          FROM generate_series(@since::date, @today::date, interval '1 day') AS d (day)
          LEFT JOIN account_time_spent t ON t.user_id = @viewer AND t.day = d.day::date
         ORDER BY d.day;
        SELECT is_active AND deleted_at IS NULL AS live, daily_limit_minutes AS "limit" FROM users WHERE id = @viewer;
        """;

    /// <summary>GET /users/me/time-spent?days=: the last <c>days</c> UTC days (7 by default, at most 90), today included.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!DaysQuery.TryRead(request, ActivityApi.DefaultDays, ActivityApi.MaxDays, out var days, out var invalid)) return invalid!;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var read = await conn.QueryMultipleAsync(new CommandDefinition(Read,
            new { viewer = caller.UserId, since = today.AddDays(1 - days), today }, cancellationToken: ct));
        var spent = (await read.ReadAsync<TimeSpentDay>()).ToList();
        if (await read.ReadSingleOrDefaultAsync<OwnerRow>() is not { Live: true } owner) return Problems.AccountGone();
        var limit = owner.Limit;
        var minutesToday = spent[^1].Minutes;
        return Api.Ok(new TimeSpent(spent, (int)Math.Round(spent.Average(d => d.Minutes)),
            new TimeSpentToday(minutesToday, limit, limit is { } l && minutesToday >= l)));
    }

    /// <summary>GET /users/me/daily-limit: <c>{minutes}</c>, absent when off.</summary>
    public async Task<IResult> GetLimit(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<DailyLimitView>(db, Limit, caller.UserId, ct);
    }

    /// <summary>PUT /users/me/daily-limit <c>{minutes}</c>: one of <see cref="Limits"/>, or null to turn the reminder off.</summary>
    public async Task<IResult> PutLimit(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<DailyLimitRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var minutes = body.Value!.Minutes;
        if (minutes is { } m && !Limits.Contains(m))
            return Problems.Validation("minutes", $"Must be one of {string.Join(", ", Limits)}, or null to turn the reminder off.");
        return await OwnSettings.PutAsync<DailyLimitView, short?>(db, Limit, (short?)minutes, caller.UserId, Timestamps.Now(time), ct);
    }

    private sealed class OwnerRow
    {
        public bool Live { get; init; }
        public short? Limit { get; init; }
    }
}

/// <summary>A UTC day and the minutes the account used the app in it.</summary>
public sealed record TimeSpentDay(DateOnly Day, int Minutes);

/// <summary>Today's minutes against the daily limit (absent when off); <see cref="LimitReached"/> is the reminder's cue.</summary>
public sealed record TimeSpentToday(int Minutes, short? Limit, bool LimitReached);

/// <summary>GET /users/me/time-spent: each day of the window, oldest first, their average, and today.</summary>
public sealed record TimeSpent(IReadOnlyList<TimeSpentDay> Days, int DailyAverage, TimeSpentToday Today);

public sealed record DailyLimitView(short? Minutes);

/// <summary>PUT /users/me/daily-limit: <c>{"minutes": 30}</c>, or <c>{"minutes": null}</c> for off.</summary>
public sealed record DailyLimitRequest(int? Minutes);
