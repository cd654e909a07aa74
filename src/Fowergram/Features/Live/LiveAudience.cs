using Dapper;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// Viewer rows and the counts derived from them. Callers hold the stream row's lock (<see cref="LiveSql.LockOwn"/> or
/// <see cref="LiveSql.LockVisible"/>), so the recount — a statement that starts after the lock was granted — sees every
/// committed join and leave of the stream and no other writer of its rows is running: the count is exact.
/// </summary>
internal static class LiveAudience
{
    /// <summary>Closes the open rows of one viewer (or all, when <paramref name="viewer"/> is null) and recounts; returns how many closed.</summary>
    public static async Task<int> CloseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid? viewer, DateTimeOffset now, CancellationToken ct)
    {
        var closed = await conn.ExecuteAsync(new CommandDefinition(LiveSql.Close, new { streamId, viewer, now }, tx, cancellationToken: ct));
        if (closed > 0) await RecountAsync(conn, tx, streamId, now, ct);
        return closed;
    }

    public static async Task JoinAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid viewer, DateTimeOffset now, CancellationToken ct)
    {
        if (await conn.ExecuteAsync(new CommandDefinition(LiveSql.Join, new { streamId, viewer, now }, tx, cancellationToken: ct)) > 0)
            await RecountAsync(conn, tx, streamId, now, ct);
    }

    private static Task RecountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(LiveSql.Recount, new { streamId, now }, tx, cancellationToken: ct));
}
