using Fowergram.Platform.Profiles;

namespace Fowergram.Features.Notifications;

/// <summary>
/// PUT /api/v1/users/me/quiet-mode: the whole setting. <c>enabled</c> turns the on-demand period on (ending at <c>until</c>,
/// at most <see cref="QuietModeApi.MaxOnDemand"/> ahead, or when turned off) or off; <c>schedule</c> (absent or null: none)
/// is the weekly window.
/// </summary>
public sealed record QuietModeRequest(bool? Enabled, DateTimeOffset? Until, QuietScheduleRequest? Schedule);

/// <summary>A weekly window: days (mon…sun), from and to as local "HH:mm" (to before from crosses midnight), an IANA zone.</summary>
public sealed record QuietScheduleRequest(string?[]? Days, string? From, string? To, string? TimeZone);

public sealed record QuietScheduleView(IReadOnlyList<string> Days, string From, string To, string TimeZone);

/// <summary>
/// The setting and its effect now: <c>enabled</c> with <c>since</c> and <c>until</c> (absent: until turned off) while the
/// on-demand period runs; <c>active</c> whether the account is quiet now (on demand or by its schedule), with the period's
/// <c>activeSince</c> and <c>activeUntil</c> (absent: until quiet mode is turned off).
/// </summary>
public sealed record QuietModeView(bool Enabled, DateTimeOffset? Since, DateTimeOffset? Until, QuietScheduleView? Schedule, bool Active,
    DateTimeOffset? ActiveSince, DateTimeOffset? ActiveUntil)
{
    internal static QuietModeView Of(QuietMode mode, DateTimeOffset now)
    {
        var on = mode.OnDemandAt(now);
        var current = mode.Current(now);
        var schedule = mode.Schedule is { } s ? new QuietScheduleView(s.Days, s.FromText, s.ToText, s.Zone.Id) : null;
        return new QuietModeView(on, on ? mode.Since : null, on ? mode.Until : null, schedule, current is not null, current?.StartedAt, current?.EndsAt);
    }
}

/// <summary>How many notices of one type arrived in the period.</summary>
public sealed record QuietKindCount(string Type, int Count);

/// <summary>
/// GET /api/v1/users/me/quiet-mode/summary: the last quiet period (the current one while quiet, else the one that ended last;
/// absent when there was none in the last week) and the notices that arrived in it, by type, most first. At most
/// <see cref="QuietModeApi.SummaryCap"/> notices are counted; <c>more</c> says there were more (show "999+").
/// </summary>
public sealed record QuietSummaryView(bool Active, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int Total, bool More,
    IReadOnlyList<QuietKindCount> Kinds);
