using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Platform.WriteLimits;

/// <summary>
/// Each account's allowance of ordinary writes (docs/reliability.md "Write allowances"; <see cref="WriteKind"/>): an hour's
/// and a day's, kept in PostgreSQL (write_allowances) so every instance of either host spends from the same count. A write
/// spends its slot inside its own transaction, as its last statement before the commit: a refusal rolls the write back (it
/// changes nothing), a write that fails or is refused for another reason rolls the slot back (it spends nothing), and the
/// account row's lock is held for the shortest time and after every other lock the write takes, so it adds no deadlock.
/// </summary>
public sealed class WriteAllowances(IOptions<WriteLimitsOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Housekeeping's condition for rows that decide nothing any more (@allowanceHourAgo, @allowanceDayAgo).</summary>
    public const string StaleCondition = WriteAllowancesSql.Stale;

    /// <summary>
    /// Spends one <paramref name="kind"/> write of <paramref name="userId"/>; null when it fitted, else the 429 to answer
    /// (naming the kind, Retry-After the seconds until the full window frees a slot). The caller returns it without committing.
    /// </summary>
    public async Task<IResult?> SpendAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, WriteKind kind, CancellationToken ct)
    {
        var allowance = options.Value.For(kind);
        var now = Timestamps.Now(time);
        var args = new { userId, kind = kind.Name(), now, hourAgo = now - Hour, dayAgo = now - Day, perHour = allowance.PerHour, perDay = allowance.PerDay };
        if (await conn.ExecuteScalarAsync<int?>(new CommandDefinition(WriteAllowancesSql.Spend, args, tx, cancellationToken: ct)) is not null)
            return null;
        var windows = await conn.QuerySingleAsync<AllowanceWindows>(new CommandDefinition(WriteAllowancesSql.Windows, args, tx, cancellationToken: ct));
        return Refusal(kind, allowance, windows, now);
    }

    /// <summary>
    /// Every kind's allowance for <paramref name="userId"/> and what its current hour and day have used, with their ends (a
    /// window with nothing used has no end: the next write starts it); null when the account is gone (deleted or deactivated
    /// since the token was issued), checked in the same round trip.
    /// </summary>
    public async Task<IReadOnlyList<WriteAllowanceView>?> StandingAsync(NpgsqlConnection conn, Guid userId, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        if (await LiveCaller.ListAsync<AllowanceWindows>(conn, "@userId", WriteAllowancesSql.OfAccount, new { userId }, ct) is not { } found) return null;
        var rows = found.ToDictionary(r => r.Kind);
        return Enum.GetValues<WriteKind>().Select(kind =>
        {
            var allowance = options.Value.For(kind);
            var row = rows.GetValueOrDefault(kind.Name());
            DateTimeOffset? hourEnds = row is not null && row.HourStart + Hour > now ? row.HourStart + Hour : null;
            DateTimeOffset? dayEnds = row is not null && row.DayStart + Day > now ? row.DayStart + Day : null;
            return new WriteAllowanceView(kind.Name(), allowance.PerHour, hourEnds is null ? 0 : row!.HourUsed, hourEnds,
                allowance.PerDay, dayEnds is null ? 0 : row!.DayUsed, dayEnds);
        }).ToList();
    }

    private static IResult Refusal(WriteKind kind, WriteAllowance allowance, AllowanceWindows windows, DateTimeOffset now)
    {
        // Either window or both may be full; the write fits again once every full one has ended.
        var hourFull = windows.HourStart + Hour > now && windows.HourUsed >= allowance.PerHour;
        var dayFull = windows.DayStart + Day > now && windows.DayUsed >= allowance.PerDay;
        var frees = new[] { hourFull ? windows.HourStart + Hour : now, dayFull ? windows.DayStart + Day : now }.Max();
        var which = dayFull ? $"{allowance.PerDay} a day" : $"{allowance.PerHour} an hour";
        var message = $"You can write {which} of {kind.Plural()}; try again later.";
        return Problems.TooManyRequests(frees - now, $"Write allowance spent ({kind.Name()}): {message}",
            new Dictionary<string, string[]> { [kind.Name()] = [message] });
    }

    private sealed class AllowanceWindows
    {
        public string Kind { get; init; } = "";
        public DateTimeOffset HourStart { get; init; }
        public int HourUsed { get; init; }
        public DateTimeOffset DayStart { get; init; }
        public int DayUsed { get; init; }
    }
}

/// <summary>
/// One kind's allowance (<c>kind</c> as the 429's <c>errors</c> key names it) and what the current hour and day used of it;
/// <c>hourEndsAt</c>/<c>dayEndsAt</c> are when each frees whole, null while nothing is used in it.
/// </summary>
public sealed record WriteAllowanceView(string Kind, int PerHour, int UsedThisHour, DateTimeOffset? HourEndsAt, int PerDay, int UsedToday,
    DateTimeOffset? DayEndsAt);

/// <summary>GET /api/v1/users/me/write-allowances: every kind, in the order of <see cref="WriteKind"/>.</summary>
public sealed record WriteAllowancesView(IReadOnlyList<WriteAllowanceView> Items);
