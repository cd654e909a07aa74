using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Vanish mode's disappearing (docs/messages.md "Vanish mode"), every minute: deletes the vanishing messages the recipient has
/// read (their read mark passed it) and has "left": vanish mode was turned off (or off and on again) since the message was
/// sent, or the recipient's read mark has not moved for <see cref="MessagesOptions.VanishAfterRead"/>. A message never read
/// stays, however old. Deleting is unsending's: the upload released to media-cleanup, reactions and quotes going with the row,
/// a shared reel's or video's share count dropping. In batches, each its own transaction; rows another run (or a reaction, a
/// reply, an unsend) holds are skipped, so two runs at once end as one, and a run again finds nothing.
/// </summary>
public sealed class MessageVanishJob(NpgsqlDataSource db, IOptions<MessagesOptions> options, TimeProvider time, ILogger<MessageVanishJob> logger)
    : IScheduledJob
{
    public const string JobName = "message-vanish";
    public const string JobSchedule = "0 * * * * *";

    /// <summary>Messages deleted per transaction.</summary>
    public const int Batch = 200;

    /// <summary>
    /// The recipient is the one participant of the one-to-one who did not send it (vanish mode is never on in a group:
    /// conversations_vanish_mode_one_to_one). A recipient whose copy is a request (they deleted the chat and it came back as one)
    /// holds it until they accept: a request's reading is never revealed to its sender. messages_vanishing, oldest first.
    /// </summary>
    private const string Vanish = """
        WITH due AS (
            SELECT m.id FROM messages m
              JOIN conversations c ON c.id = m.conversation_id
              JOIN conversation_participants r ON r.conversation_id = m.conversation_id AND r.user_id <> m.sender_id
             WHERE m.vanishes AND r.status = 'accepted'
               AND (r.read_through_at, r.read_through_id) >= (m.created_at, m.id)
               AND (c.vanish_mode_since IS NULL OR c.vanish_mode_since > m.created_at OR r.read_at <= @stillSince)
             ORDER BY m.created_at, m.id
             LIMIT @batch
               FOR UPDATE OF m SKIP LOCKED
        ), gone AS (
            DELETE FROM messages m USING due WHERE m.id = due.id RETURNING m.id, m.upload_id, m.shared_reel_id, m.shared_video_id
        ), released AS (
            UPDATE uploads SET released_at = @now FROM gone WHERE uploads.id = gone.upload_id AND uploads.released_at IS NULL
        )
        SELECT id, shared_reel_id, shared_video_id FROM gone
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var args = new { now, stillSince = now - options.Value.VanishAfterRead, batch = Batch };
        var vanished = 0;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var gone = (await conn.QueryAsync<SharedThing>(new CommandDefinition(Vanish, args, tx, cancellationToken: ct))).ToList();
            await MessageShares.RaiseAsync(conn, tx, time, null, gone, removed: true, ct);
            await tx.CommitAsync(ct);
            vanished += gone.Count;
            if (gone.Count < Batch) break;
        }
        if (vanished > 0) logger.LogInformation("Vanished {Count} messages read in vanish mode", vanished);
    }
}
