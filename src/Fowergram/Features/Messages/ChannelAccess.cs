using Dapper;
using Fowergram.Platform.Content;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>How a write holds the channel's row while it checks and changes it.</summary>
internal enum ChannelLock
{
    /// <summary>Writes that only need the channel to stay as read (a message, a join): they run side by side; an end waits for them.</summary>
    Share,
    /// <summary>
    /// Writes that change the channel or count under it (end, co-host invitations), or that a join or decline must not run
    /// beside (accepting a co-host invitation): one at a time, so none deadlocks upgrading a share.
    /// </summary>
    Update,
}

/// <summary>A channel the caller may see, with their place in it (<see cref="ChannelRow.Role"/>); null answers 404.</summary>
internal static class ChannelAccess
{
    /// <summary>In a transaction, the channel's row is locked (<paramref name="mode"/>) for the rest of it.</summary>
    public static Task<ChannelRow?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, Guid channelId, CancellationToken ct,
        ChannelLock mode = ChannelLock.Share)
    {
        var sql = tx is null ? ChannelsSql.One : ChannelsSql.One + (mode == ChannelLock.Update ? " FOR NO KEY UPDATE OF c" : " FOR SHARE OF c");
        return conn.QuerySingleOrDefaultAsync<ChannelRow>(new CommandDefinition(sql, new { viewer, channelId }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// For a read: the channel as <see cref="FindAsync"/> finds it, or the answer — the account's 401 for a token whose account
    /// is gone (checked in the same statement: <see cref="ChannelsSql.OneShown"/>), else 404.
    /// </summary>
    public static async Task<(ChannelRow? Channel, IResult? Refused)> ReadAsync(NpgsqlConnection conn, Guid viewer, Guid channelId, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<ChannelRow>(new CommandDefinition(ChannelsSql.OneShown, new { viewer, channelId }, cancellationToken: ct))
            is { } channel ? (channel, null) : (null, await GoneCaller.NotFoundAsync(conn, viewer, "channel", ct));
}
