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

    /// <summary>What is left of each kind for <paramref name="userId"/> now, and when its hour and day started (null: unused).</summary>
    public async Task<IReadOnlyList<WriteAllowanceView>> LeftAsync(NpgsqlConnection conn, Guid userId, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        var rows = (await conn.QueryAsync<AllowanceWindows>(new CommandDefinition(WriteAllowancesSql.OfAccount, new { userId }, cancellationToken: ct)))
            .ToDictionary(r => r.Kind);
        return Enum.GetValues<WriteKind>().Select(kind =>
        {
            var allowance = options.Value.For(kind);
            var row = rows.GetValueOrDefault(kind.Name());
            var hour = row is not null && row.HourStart + Hour > now ? row.HourUsed : 0;
            var day = row is not null && row.DayStart + Day > now ? row.DayUsed : 0;
            return new WriteAllowanceView(kind.Name(), allowance.PerHour, Math.Max(0, allowance.PerHour - hour), allowance.PerDay,
                Math.Max(0, allowance.PerDay - day));
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

/// <summary>One kind's allowance and what is left of it in the current hour and day.</summary>
public sealed record WriteAllowanceView(string Kind, int PerHour, int LeftThisHour, int PerDay, int LeftToday);
