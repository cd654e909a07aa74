using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// Suspending an account (docs/moderation.md "Suspensions"): it becomes inactive, so every read hides it and its content
/// as a deactivated account's, its sessions end at once, its broadcasts stop (a live one ends, a scheduled one is
/// cancelled, through the live area's takedown), it leaves other accounts' broadcasts (the areas' <see cref="IAccountDeparture"/>s:
/// off the air, its invitations expired), and it cannot log in (403) until the suspension is lifted.
/// </summary>
public sealed class Suspensions(Sessions sessions, IEnumerable<ITakedown> takedowns, IEnumerable<IAccountDeparture> departures)
{
    private const string Broadcasts = "SELECT id FROM live_streams WHERE user_id = @userId AND status IN ('scheduled', 'live') ORDER BY id";

    private readonly ITakedown? _broadcasts = takedowns.FirstOrDefault(t => t.TargetTypes.Contains("live_stream"));

    /// <summary>
    /// True when the account was suspended now; false when it already was (the first suspension stands). A temporary one that
    /// has ended is no suspension: it is lifted first, in the order the expiry job takes the rows (suspension, account).
    /// </summary>
    internal async Task<bool> SuspendAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, Guid moderator, Guid? reportId, string reason,
        DateTimeOffset now, DateTimeOffset? until, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(SuspensionsSql.Lock, new { userId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(SuspensionsSql.LiftEnded, new { userId, now }, tx, cancellationToken: ct));
        var suspended = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(SuspensionsSql.Suspend,
            new { userId, moderator, reportId, reason, now, until }, tx, cancellationToken: ct));
        if (!suspended) return false;
        await sessions.EndAllAsync(conn, tx, userId, ct);
        // Before the takedowns: a departure takes its area's locks in its own order first (IAccountDeparture).
        foreach (var departure in departures) await departure.DepartAsync(conn, tx, userId, now, ct);
        if (_broadcasts is not null)
            foreach (var stream in await conn.QueryAsync<Guid>(new CommandDefinition(Broadcasts, new { userId }, tx, cancellationToken: ct)))
                await _broadcasts.TakeDownAsync(conn, tx, "live_stream", stream, now, ct);
        return true;
    }
}
