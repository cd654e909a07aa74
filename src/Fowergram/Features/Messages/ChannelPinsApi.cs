using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Pinned messages of broadcast channels (docs/messages.md "Broadcast channels"): the owner pins up to
/// <see cref="ChannelRules.MaxPinned"/> messages of their live channel to the top of it, and takes them down; its readers
/// list them. The pinned bar is the channel's front page, curated by its owner as its name is: co-hosts post, not pin.
/// </summary>
public sealed class ChannelPinsApi(NpgsqlDataSource db, AccessTokens tokens, ChannelMessageViews views, TimeProvider time)
{
    /// <summary>
    /// Pins of messages readers can see (of live senders, not taken down by a moderator, no block between the owner and the
    /// sender), counted under the channel's update lock. A removed message keeps its pin for a reinstatement, unseen and
    /// uncounted; so does a blocked sender's, until the block is lifted.
    /// </summary>
    private static readonly string PinnedCount = $"""
        SELECT count(*)::int FROM broadcast_channel_messages m JOIN users u ON u.id = m.sender_id AND u.deleted_at IS NULL AND u.is_active
         WHERE m.channel_id = @channelId AND m.pinned_at IS NOT NULL AND m.removed_at IS NULL AND {ChannelMessagesSql.PinStands}
        """;

    private const string SetPin = "UPDATE broadcast_channel_messages SET pinned_at = @now WHERE id = @messageId AND pinned_at IS NULL";

    /// <summary>Any message of the channel: the owner may take down a pin of a sender they no longer see.</summary>
    private const string ClearPin = """
        UPDATE broadcast_channel_messages SET pinned_at = NULL WHERE id = @messageId AND channel_id = @channelId RETURNING id
        """;

    private static readonly string Pinned = $"""
        {ChannelMessagesSql.Select}
         WHERE {ChannelMessagesSql.Seen} AND m.pinned_at IS NOT NULL AND m.removed_at IS NULL AND {ChannelMessagesSql.PinStands}
         ORDER BY m.pinned_at DESC, m.id DESC LIMIT {ChannelRules.MaxPinned}
        """;

    /// <summary>PUT …/pin: 204, also when it was pinned already (its first pin's time stays, and with it the order).</summary>
    public async Task<IResult> Pin(HttpRequest request, string id, string messageId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(messageId, out var message)) return Problems.NotFound("message");
        var args = new { channelId, messageId = message, viewer = caller.UserId, now = Timestamps.Now(time) };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone(); // as Unpin: the 401, not the message's 404
        // The update lock makes pins of one channel take turns (the count below sees every committed pin) and waits out a
        // delete of the message, which share-locks the channel.
        var channel = await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct, ChannelLock.Update);
        if (OwnerOnly(channel) is { } refused) return refused;
        var row = await conn.QuerySingleOrDefaultAsync<ChannelMessageRow>(new CommandDefinition(ChannelMessagesSql.One, args, tx, cancellationToken: ct));
        if (row is null) return Problems.NotFound("message");
        if (row.RemovedAt is not null) return Problems.Conflict("This message was removed by a moderator; it cannot be pinned.");
        if (row.PinnedAt is not null) return Api.NoContent();
        if (channel!.EndedAt is not null) return Problems.Conflict("This channel has ended; nothing new can be pinned in it.");
        if (await conn.ExecuteScalarAsync<int>(new CommandDefinition(PinnedCount, args, tx, cancellationToken: ct)) >= ChannelRules.MaxPinned)
            return Problems.Conflict($"At most {ChannelRules.MaxPinned} messages can be pinned in a channel; unpin one first.");
        await conn.ExecuteAsync(new CommandDefinition(SetPin, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>DELETE …/pin: 204 whether or not it was pinned, also once the channel has ended.</summary>
    public async Task<IResult> Unpin(HttpRequest request, string id, string messageId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId) || !Guid.TryParse(messageId, out var message)) return Problems.NotFound("message");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (OwnerOnly(await ChannelAccess.FindAsync(conn, tx, caller.UserId, channelId, ct)) is { } refused) return refused;
        var found = await conn.QueryAsync<Guid>(new CommandDefinition(ClearPin, new { channelId, messageId = message }, tx, cancellationToken: ct));
        if (!found.Any()) return Problems.NotFound("message");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET /channels/{id}/pins: the pinned messages, newest pin first, for the channel's readers.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var channelId)) return Problems.NotFound("channel");
        await using var conn = await db.OpenConnectionAsync(ct);
        var (channel, refused) = await ChannelAccess.ReadAsync(conn, caller.UserId, channelId, ct);
        if (channel is null) return refused!;
        if (!channel.IsReader) return Problems.Forbidden("Join the channel to read its messages.");
        var rows = (await conn.QueryAsync<ChannelMessageRow>(new CommandDefinition(Pinned, new { channelId, viewer = caller.UserId }, cancellationToken: ct))).ToList();
        return Api.Ok(new ItemsResponse<ChannelMessageView>(await views.BuildAsync(conn, null, caller.UserId, rows, ct)));
    }

    /// <summary>Null for the channel's owner; 404 for whom cannot see it, 403 for its other readers and visitors.</summary>
    private static IResult? OwnerOnly(ChannelRow? channel) => channel switch
    {
        null => Problems.NotFound("channel"),
        { Role: "owner" } => null,
        _ => Problems.Forbidden("Only the channel's owner pins and unpins its messages."),
    };
}
