using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Notifications;

/// <summary>
/// Quiet mode (docs/accounts.md "Quiet mode", migration 0177): GET and PUT /users/me/quiet-mode, and the summary of the
/// last quiet period. The effects live where they show: the badge (<see cref="NotificationsApi.CountUnread"/>), the list's
/// <c>duringQuietMode</c>, the thread participants' <c>inQuietMode</c> and the automatic reply (Features/Messages).
/// </summary>
public sealed class QuietModeApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>How far ahead an on-demand period may be set to end: Instagram's longest quiet mode is 12 hours.</summary>
    public static readonly TimeSpan MaxOnDemand = TimeSpan.FromHours(12);

    public const int SummaryCap = 999;

    /// <summary>
    /// The whole setting, in one statement. Turning on while a period runs keeps its start (the period goes on, with the new
    /// end); turning off while one runs ends it now, and the interval stays as the last on-demand period; turning off when
    /// off changes nothing of it. The schedule is replaced.
    /// </summary>
    private const string Write = """
        UPDATE users SET
            quiet_mode_since = CASE WHEN @enabled AND NOT (quiet_mode_since <= @now AND (quiet_mode_until IS NULL OR quiet_mode_until > @now)) IS TRUE
                                    THEN @now ELSE quiet_mode_since END,
            quiet_mode_until = CASE WHEN @enabled THEN @until
                                    WHEN (quiet_mode_since <= @now AND (quiet_mode_until IS NULL OR quiet_mode_until > @now)) IS TRUE THEN @now
                                    ELSE quiet_mode_until END,
            quiet_schedule_days = @days, quiet_schedule_from = @from::time, quiet_schedule_to = @to::time, quiet_schedule_time_zone = @timeZone,
            updated_at = @now
         WHERE id = @viewer AND is_active AND deleted_at IS NULL
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await QuietMode.LoadAsync(conn, null, caller.UserId, ct) is { } mode
            ? Api.Ok(QuietModeView.Of(mode, time.GetUtcNow()))
            : Problems.AccountGone();
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<QuietModeRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var now = Timestamps.Now(time);
        var errors = new Validation();
        if (input.Enabled is not { } enabled) errors.Add("enabled", "This field is required: true or false.");
        else if (input.Until is not null && !enabled) errors.Add("until", "Only with enabled: true (turning quiet mode off ends it now).");
        else if (input.Until is { } end && (end <= now || end > now + MaxOnDemand))
            errors.Add("until", $"A time in the future, at most {MaxOnDemand.TotalHours:0} hours from now.");
        QuietSchedule? schedule = null;
        if (input.Schedule is { } s && !QuietSchedule.TryCreate(s.Days, s.From, s.To, s.TimeZone, out schedule, out var problem))
            errors.Add(problem!.Value.Field, problem.Value.Message);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Write, new
        {
            viewer = caller.UserId, now, enabled = input.Enabled!.Value, until = input.Until?.ToUniversalTime(),
            days = schedule?.Days.ToArray(), from = schedule?.FromText, to = schedule?.ToText, timeZone = schedule?.Zone.Id,
        }, tx, cancellationToken: ct));
        // Read before the commit: read after it, a deactivation committing in between answered "account gone" for a saved setting.
        var saved = await QuietMode.LoadAsync(conn, tx, caller.UserId, ct);
        await tx.CommitAsync(ct);
        return saved is { } mode ? Api.Ok(QuietModeView.Of(mode, now)) : Problems.AccountGone();
    }

    /// <summary>The notices of the last quiet period, by type (the same visibility rules as the list).</summary>
    public async Task<IResult> Summary(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await QuietMode.LoadAsync(conn, null, caller.UserId, ct) is not { } mode) return Problems.AccountGone();
        if (mode.Last(now) is not { } period) return Api.Ok(new QuietSummaryView(false, null, null, 0, false, []));
        var ended = period.EndsAt is { } end && end <= now;
        var kinds = (await conn.QueryAsync<QuietKindCount>(new CommandDefinition(NotificationsSql.QuietSummary, new
        {
            viewer = caller.UserId, now, from = period.StartedAt, to = ended ? period.EndsAt : null, cap = SummaryCap,
        }, cancellationToken: ct))).ToList();
        var total = kinds.Sum(k => k.Count);
        return Api.Ok(new QuietSummaryView(!ended, period.StartedAt, ended ? period.EndsAt : null, Math.Min(total, SummaryCap), total > SummaryCap, kinds));
    }
}
