using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// A suspended or deleted account leaves other accounts' broadcasts at once (docs/live.md "Guests"): off the air (left, its
/// key void) and its open invitations expired, as the broadcaster removing it would close them (<see cref="LiveGuestsSql.Close"/>).
/// Before, it stayed on the air with a key that still worked, its invitations counted against the cap, until someone else
/// accepted (<see cref="LiveGuestsSql.LeaveGone"/>, which each accept still runs for guests that went before this).
/// It stops watching them too, as a leave would (its seconds kept, counted out): before, it stayed in viewer_count, and so
/// in the ranking of GET /live/popular, until the broadcast ended (docs/live.md "Rules", Viewers).
/// </summary>
public sealed class LiveGuestDeparture : IAccountDeparture
{
    /// <summary>
    /// Every broadcast the account is in, locked in id order: those it is invited to, on the air in or watching (live), and its
    /// own that are scheduled or live, which the suspension or deletion ends next (LiveTakedown) — the broadcast's lock before a guest row,
    /// the order every guest write takes, and all of them in one order, so two accounts each a guest of the other's broadcast
    /// going at once do not deadlock.
    /// </summary>
    private const string LockBroadcasts = """
        SELECT ls.id, ls.user_id = @userId AS own FROM live_streams ls
         WHERE (ls.user_id = @userId AND ls.status IN ('scheduled', 'live'))
            OR EXISTS (SELECT 1 FROM live_stream_guests g WHERE g.stream_id = ls.id AND g.user_id = @userId AND g.status IN ('invited', 'joined'))
            OR (ls.ended_at IS NULL
                AND EXISTS (SELECT 1 FROM live_stream_viewers v WHERE v.stream_id = ls.id AND v.user_id = @userId AND v.left_at IS NULL))
         ORDER BY ls.id
           FOR NO KEY UPDATE
        """;

    public async Task DepartAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        var broadcasts = await conn.QueryAsync<(Guid Id, bool Own)>(new CommandDefinition(LockBroadcasts, new { userId }, tx, cancellationToken: ct));
        foreach (var (streamId, own) in broadcasts)
        {
            if (own) continue;
            await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.Close, new { streamId, guest = (Guid?)userId, now }, tx, cancellationToken: ct));
            await LiveAudience.CloseAsync(conn, tx, streamId, userId, now, ct);
        }
    }
}
