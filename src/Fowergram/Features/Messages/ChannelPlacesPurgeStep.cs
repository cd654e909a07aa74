using Dapper;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// The last of a purged account in broadcast channels, once <see cref="ChannelsPurgeStep"/> has taken its messages and its own
/// channels: its memberships (a removed member's row too), co-host rows, poll votes and reactions, removed in batches under the
/// channels' locks taken first, in id order, in one statement, as the step's other parts take theirs. Left to the account row's
/// final DELETE, they went by its foreign keys (CASCADE) with no channel lock taken first, each table in the order its index held
/// them: so that DELETE waited for any host's deletion of a message the account had voted in or reacted to (the deletion holds
/// the vote's row from its own cascade; ChannelsPurgeLockOrderTests holds one), and against a transaction locking those rows in
/// the channels' order (another account's purge deleting its messages in two channels) each held one the other wanted next. The
/// final DELETE now writes nothing in channels. Nothing is raised: none of these is counted by a consumer (readers already
/// leave a gone account's votes, reactions and membership out).
/// </summary>
public static class ChannelPlacesPurgeStep
{
    /// <summary>At most a batch of channels the account is a member or co-host of, or voted or reacted in, locked as a purge locks them.</summary>
    private const string LockChannels = """
        SELECT c.id FROM broadcast_channels c
         WHERE c.id IN (SELECT channel_id FROM broadcast_channel_members WHERE user_id = @userId
                        UNION ALL
                        SELECT channel_id FROM broadcast_channel_hosts WHERE user_id = @userId
                        UNION ALL
                        SELECT m.channel_id FROM broadcast_channel_votes v JOIN broadcast_channel_messages m ON m.id = v.message_id WHERE v.user_id = @userId
                        UNION ALL
                        SELECT m.channel_id FROM broadcast_channel_reactions r JOIN broadcast_channel_messages m ON m.id = r.message_id WHERE r.user_id = @userId)
         ORDER BY c.id LIMIT @limit
           FOR NO KEY UPDATE OF c
        """;

    private const string Remove = """
        DELETE FROM broadcast_channel_votes v USING broadcast_channel_messages m
         WHERE v.user_id = @userId AND m.id = v.message_id AND m.channel_id = ANY (@channels);
        DELETE FROM broadcast_channel_reactions r USING broadcast_channel_messages m
         WHERE r.user_id = @userId AND m.id = r.message_id AND m.channel_id = ANY (@channels);
        DELETE FROM broadcast_channel_members WHERE user_id = @userId AND channel_id = ANY (@channels);
        DELETE FROM broadcast_channel_hosts WHERE user_id = @userId AND channel_id = ANY (@channels);
        """;

    /// <summary>Takes the account out of at most <paramref name="limit"/> channels and returns how many (0: it is in none, nothing locked).</summary>
    public static async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, CancellationToken ct)
    {
        var channels = (await conn.QueryAsync<Guid>(new CommandDefinition(LockChannels, new { userId, limit }, tx, cancellationToken: ct))).ToArray();
        if (channels.Length == 0) return 0;
        await conn.ExecuteAsync(new CommandDefinition(Remove, new { userId, channels }, tx, cancellationToken: ct));
        return channels.Length;
    }
}
