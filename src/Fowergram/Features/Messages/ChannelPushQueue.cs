using Dapper;
using Fowergram.Features.Notifications.Push;
using Fowergram.Platform.Visibility;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Broadcast channel messages pushed to the channel's members (docs/messages.md "Push notifications", migration 0199).
/// Posting queues one fan-out row; <see cref="PrepareAsync"/> expands it into the per-subscription queue in batches of
/// members (Push:ChannelFanOutBatch, in member order, resuming where the last batch stopped), so a channel of a million
/// members costs its host one row and the job a few statements a run. Pushed only if, when sent, the member still reads
/// the message (<see cref="ChannelVisibility.MessageRead"/>: the channel seen, still a member, no block with the sender, not
/// removed by a moderator), has not muted the channel and has not read past it.
/// </summary>
public sealed class ChannelPushQueue(IOptions<PushOptions> options) : PushQueue
{
    /// <summary>Batches a run expands at most, so the run goes on to sending.</summary>
    private const int MaxBatches = 50;

    public override string Table => "push_channel_deliveries";
    public override string Key => "message_id";

    private const string NextFanOut = """
        SELECT message_id, next_member FROM push_channel_fanouts ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
        """;

    /// <summary>
    /// The message, kept from a deletion while its members are queued (their rows' foreign key would take this lock anyway);
    /// nothing when a deletion holds it. A deletion locks the message and then, by its cascade, the fan-out row this run
    /// holds: waiting for the message here deadlocked with it.
    /// </summary>
    private const string HoldMessage = "SELECT true FROM broadcast_channel_messages WHERE id = @messageId FOR KEY SHARE SKIP LOCKED";

    private const string Members = """
        SELECT cm.user_id FROM broadcast_channel_messages m
          JOIN broadcast_channel_members cm ON cm.channel_id = m.channel_id
         WHERE m.id = @messageId AND cm.removed_at IS NULL AND NOT cm.is_muted AND cm.user_id <> m.sender_id
           AND (@after::uuid IS NULL OR cm.user_id > @after)
         ORDER BY cm.user_id LIMIT @batch
        """;

    /// <summary>
    /// The members' subscriptions locked as they are read (FOR KEY SHARE, the lock the foreign key check takes anyway): one
    /// being removed is waited for and then passed over, as the notice and message triggers do (migration 0228). Before, the
    /// check waited for the removal and then failed (23503), throwing the whole run.
    /// </summary>
    private const string Queue = """
        INSERT INTO push_channel_deliveries (message_id, subscription_id, due_at)
        SELECT @messageId, s.id, @now FROM push_subscriptions s WHERE s.user_id = ANY(@members)
           FOR KEY SHARE OF s
        ON CONFLICT DO NOTHING
        """;

    private const string Advance = "UPDATE push_channel_fanouts SET next_member = @last WHERE message_id = @messageId";
    private const string Finish = "DELETE FROM push_channel_fanouts WHERE message_id = @messageId";

    public override async Task PrepareAsync(NpgsqlConnection conn, DateTimeOffset now, CancellationToken ct)
    {
        var batch = options.Value.ChannelFanOutBatch;
        for (var i = 0; i < MaxBatches; i++)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var next = await conn.QuerySingleOrDefaultAsync<FanOut>(new CommandDefinition(NextFanOut, transaction: tx, cancellationToken: ct));
            if (next is null) return;
            // Being deleted: its cascade takes the fan-out row once this transaction lets go of it; the next run goes on with the others.
            if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(HoldMessage, new { messageId = next.MessageId }, tx, cancellationToken: ct))) return;
            var members = (await conn.QueryAsync<Guid>(new CommandDefinition(Members,
                new { messageId = next.MessageId, after = next.NextMember, batch }, tx, cancellationToken: ct))).ToArray();
            await conn.ExecuteAsync(new CommandDefinition(Queue, new { messageId = next.MessageId, now, members }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(members.Length < batch ? Finish : Advance,
                new { messageId = next.MessageId, last = members.LastOrDefault() }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
    }

    private sealed class FanOut
    {
        public Guid MessageId { get; init; }
        public Guid? NextMember { get; init; }
    }

    public override string Load { get; } = $"""
        SELECT c.item_id, c.subscription_id, c.attempts, s.user_id, s.kind, s.endpoint, s.p256dh, s.auth,
               {PushSubscriptionsSql.LiveSession("s")} AS session_live,
               (m.id IS NOT NULL AND {ChannelVisibility.MessageRead("m.id", "s.user_id")}
                AND EXISTS (SELECT 1 FROM broadcast_channel_members cm
                             WHERE cm.channel_id = m.channel_id AND cm.user_id = s.user_id AND cm.removed_at IS NULL
                               AND NOT cm.is_muted AND cm.last_read_at < m.created_at)) AS shown,
               coalesce(pp.channels, 'everyone') <> 'off' AS wanted,
               'channel_message' AS type, 'broadcast_channel' AS entity_type, m.channel_id AS entity_id,
               coalesce(m.content, m.poll_question) AS message, m.created_at,
               a.id AS actor_id, a.username AS actor_username, a.avatar AS actor_avatar, a.is_verified AS actor_is_verified,
               CASE WHEN m.content IS NULL AND m.poll_question IS NOT NULL THEN 'poll' ELSE m.media_type END AS detail, ch.name AS title
          FROM unnest(@itemIds::uuid[], @createdAts::timestamptz[], @subscriptionIds::uuid[], @attempts::int[])
                   AS c(item_id, item_created_at, subscription_id, attempts)
          JOIN push_subscriptions s ON s.id = c.subscription_id
          LEFT JOIN broadcast_channel_messages m ON m.id = c.item_id
          LEFT JOIN broadcast_channels ch ON ch.id = m.channel_id
          LEFT JOIN users a ON a.id = m.sender_id
          LEFT JOIN push_preferences pp ON pp.user_id = s.user_id
        """;

    /// <summary>"Channel: words", or what was posted: "Channel: ann sent a photo.", "Channel: ann started a poll: …".</summary>
    internal override PushPayload Payload(PushCandidate c)
    {
        var text = c.Detail switch
        {
            "poll" => $"{c.Title}: {c.ActorUsername} started a poll: {c.Message}",
            _ when c.Message is { Length: > 0 } words => $"{c.Title}: {words}",
            "image" => $"{c.Title}: {c.ActorUsername} sent a photo.",
            "video" => $"{c.Title}: {c.ActorUsername} sent a video.",
            "audio" => $"{c.Title}: {c.ActorUsername} sent a voice message.",
            _ => $"{c.Title}: {c.ActorUsername} sent a message.",
        };
        return new PushPayload(c.ItemId, c.Type!, Cut(text), c.EntityType, c.EntityId, c.ActorUsername, c.CreatedAt!.Value);
    }

    /// <summary>
    /// A channel posting several messages between two runs is one push per member's browser, "Drops: 5 new messages.",
    /// naming the newest: a broadcast reaches every member, and a burst must not buzz each of them five times. A direct
    /// message is never folded (<see cref="MessagePushQueue"/>): each is someone writing to the reader.
    /// </summary>
    internal override IEnumerable<PushBundle> Bundles(IReadOnlyList<PushCandidate> due) =>
        due.GroupBy(c => c.EntityId).Select(channel =>
        {
            var items = channel.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.ItemId).ToList();
            var newest = Payload(items[0]);
            return new PushBundle(items.Count == 1 ? newest : newest with { Text = Cut($"{items[0].Title}: {items.Count} new messages."), Count = items.Count },
                items);
        });
}
