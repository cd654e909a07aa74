using Dapper;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A purged account's broadcast channels and the messages it posted as a co-host in others', deleted with their uploads
/// released (as a deleted message's are, a removed one's kept upload too), a batch at a time. The final DELETE of the account would cascade the rows away but
/// leave a co-host's media, which the uploads step releases only for the purged account's own uploads, pointed at by nothing
/// and never cleaned. Then its own channels, locked in id order, and last its memberships, co-host rows, votes and reactions in
/// others' (<see cref="ChannelPlacesPurgeStep"/>), so the final DELETE writes nothing in channels. Only the first part that finds
/// work runs in a transaction, so each purge transaction locks channels once, in id order.
/// The messages are deleted under their channels' locks, taken first, in id order, in one statement, exclusive of the share a
/// host's deletion of a message holds (<see cref="ChannelAccess"/>): deleting a message writes the messages replying to it (ON
/// DELETE SET NULL), so unlocked, the purge held the account's A and C and waited for B (A's deletion clearing B's reply) while
/// a deletion of B held B and waited for C (clearing C's reply): a deadlock (ChannelsPurgeLockOrderTests). Replies never cross
/// channels, so no deletion here writes a message of a channel it does not hold.
/// </summary>
public sealed class ChannelsPurgeStep : IAccountPurgeStep
{
    /// <summary>The channels of (at most) a batch of the messages to delete, locked as a change of the channel locks it.</summary>
    private const string LockChannels = """
        SELECT c.id FROM broadcast_channels c
         WHERE c.id IN (SELECT m.channel_id FROM broadcast_channel_messages m WHERE m.sender_id = @userId LIMIT @limit)
            OR (c.owner_id = @userId AND EXISTS (SELECT 1 FROM broadcast_channel_messages m WHERE m.channel_id = c.id))
         ORDER BY c.id
           FOR NO KEY UPDATE OF c
        """;

    private static readonly string Purge = $"""
        WITH doomed AS (
            SELECT m.id FROM broadcast_channel_messages m WHERE m.sender_id = @userId AND m.channel_id = ANY (@channels)
            UNION
            SELECT m.id FROM broadcast_channel_messages m JOIN broadcast_channels c ON c.id = m.channel_id
             WHERE c.owner_id = @userId AND c.id = ANY (@channels)
            LIMIT @limit),
        gone AS (DELETE FROM broadcast_channel_messages m USING doomed WHERE m.id = doomed.id RETURNING m.id, m.upload_id),
        released AS ({RemovedChannelMessagesSql.ReleaseUploadsOf("gone")})
        SELECT count(*)::int FROM gone
        """;

    /// <summary>
    /// Scheduled messages it sent, and co-hosts' in its channels: a co-host's claimed upload would otherwise stay used by
    /// nothing once the channel's cascade took the row.
    /// </summary>
    private const string Scheduled = """
        WITH doomed AS (
            SELECT s.id FROM broadcast_channel_scheduled_messages s WHERE s.sender_id = @userId
            UNION
            SELECT s.id FROM broadcast_channel_scheduled_messages s JOIN broadcast_channels c ON c.id = s.channel_id WHERE c.owner_id = @userId
            LIMIT @limit),
        gone AS (DELETE FROM broadcast_channel_scheduled_messages s USING doomed WHERE s.id = doomed.id RETURNING s.upload_id),
        released AS (UPDATE uploads SET released_at = @now WHERE id IN (SELECT upload_id FROM gone) AND released_at IS NULL)
        SELECT count(*)::int FROM gone
        """;

    /// <summary>
    /// Its own channels, locked in id order before the DELETE (which cascades to their members, co-hosts and scheduled
    /// messages): the DELETE alone took them in the owner index's order, newest first, against a purge part locking the same
    /// channels in id order (<see cref="ChannelPlacesPurgeStep"/> of a co-host or member).
    /// </summary>
    private const string Channels = """
        WITH doomed AS (SELECT id FROM broadcast_channels WHERE owner_id = @userId ORDER BY id LIMIT @limit FOR UPDATE)
        DELETE FROM broadcast_channels WHERE id IN (SELECT id FROM doomed)
        """;

    public string Name => "broadcast channels";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { userId, limit, now };
        var channels = (await conn.QueryAsync<Guid>(new CommandDefinition(LockChannels, args, tx, cancellationToken: ct))).ToArray();
        if (channels.Length > 0)
        {
            // Counted as at least 1 even if a host's deletion left nothing: another batch runs rather than taking the account for done.
            var messages = await conn.ExecuteScalarAsync<int>(new CommandDefinition(Purge, new { userId, limit, now, channels }, tx, cancellationToken: ct));
            return Math.Max(messages, 1);
        }
        var scheduled = await conn.ExecuteScalarAsync<int>(new CommandDefinition(Scheduled, args, tx, cancellationToken: ct));
        if (scheduled > 0) return scheduled;
        var owned = await conn.ExecuteAsync(new CommandDefinition(Channels, args, tx, cancellationToken: ct));
        if (owned > 0) return owned;
        return await ChannelPlacesPurgeStep.PurgeAsync(conn, tx, userId, limit, ct);
    }
}
