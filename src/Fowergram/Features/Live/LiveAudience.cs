using Dapper;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// Viewer rows and the count kept from them. Callers hold the stream row's lock (<see cref="LiveSql.LockOwn"/> or
/// <see cref="LiveSql.LockVisible"/>), as every writer of a stream's viewer rows does, so each join or leave moves the count
/// by the one row it opened or closed, after the ones before it: the count is exact without counting the rows, and the
/// work is the same for a stream with two viewers as for one with a hundred thousand.
/// </summary>
internal static class LiveAudience
{
    /// <summary>Open rows of ended broadcasts closed per transaction by <see cref="CloseEndedAsync"/>.</summary>
    public const int CloseBatch = 1000;

    /// <summary>Closes the viewer's open row of a live broadcast and counts them out; returns how many closed (0 or 1).</summary>
    public static Task<int> CloseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid viewer, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteScalarAsync<int>(new CommandDefinition(LiveSql.Close, new { streamId, viewer, now }, tx, cancellationToken: ct));

    public static Task JoinAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid viewer, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(LiveSql.Join, new { streamId, viewer, now }, tx, cancellationToken: ct));

    /// <summary>
    /// Closes the open rows ended broadcasts left (<see cref="LiveSql.End"/>), <see cref="CloseBatch"/> a transaction and one
    /// broadcast a transaction (a viewer's rows in two broadcasts are then never locked in two orders by two runs, nor
    /// against an account purge); returns how many it closed. Concurrent runs skip each other's broadcasts.
    /// </summary>
    public static async Task<int> CloseEndedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var closed = 0;
        (Guid Stream, Guid? After) place = (Guid.Empty, null);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var next = (await conn.QueryAsync<(Guid Id, DateTimeOffset EndedAt)>(new CommandDefinition(LiveSql.NextToClose, null, tx,
                cancellationToken: ct))).ToList();
            if (next.Count == 0) break;
            var stream = next[0];
            var after = place.Stream == stream.Id ? place.After : null;
            var (found, last) = await conn.QuerySingleAsync<(long, Guid?)>(new CommandDefinition(LiveSql.CloseEnded,
                new { streamId = stream.Id, endedAt = stream.EndedAt, after, batch = CloseBatch }, tx, cancellationToken: ct));
            if (found < CloseBatch)
                await conn.ExecuteAsync(new CommandDefinition(LiveSql.AllClosed, new { streamId = stream.Id }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            closed += (int)found;
            place = (stream.Id, last);
        }
        return closed;
    }
}
