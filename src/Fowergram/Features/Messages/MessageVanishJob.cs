using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// Vanish mode's disappearing (docs/messages.md "Vanish mode"), every minute: deletes the vanishing messages the recipient has
/// read (their read mark passed it) and has "left": vanish mode was turned off (or off and on again) since the message was
/// sent, or the recipient's read mark has not moved for <see cref="MessagesOptions.VanishAfterRead"/>. A message never read
/// stays, however old. Deleting is unsending's: the upload released to media-cleanup, reactions and quotes going with the row,
/// a shared reel's or video's share count dropping. In batches, each its own transaction; rows another run (or a reaction, a
/// reply, an unsend) holds are skipped, so two runs at once end as one, and a run again finds nothing.
/// It also forgets the content kept from removed messages whose appeal window ended unappealed
/// (<see cref="RemovedMessagesSql.ForgetEnded"/>, and channel messages' <see cref="RemovedChannelMessagesSql.ForgetEnded"/>; their
/// uploads were released as of then): kept past it, it would be a copy of
/// what a moderator took down that no appeal can bring back any more.
/// </summary>
public sealed class MessageVanishJob(NpgsqlDataSource db, VanishingRule rule, TimeProvider time, ILogger<MessageVanishJob> logger)
    : IScheduledJob
{
    public const string JobName = "message-vanish";
    public const string JobSchedule = "0 * * * * *";

    /// <summary>Messages deleted per transaction.</summary>
    public const int Batch = 200;

    /// <summary>What <see cref="VanishingRule.Gone"/> matches, oldest first (messages_vanishing), each row locked or skipped.</summary>
    private static readonly string Vanish = $"""
        WITH due AS (
            SELECT m.id FROM messages m
             WHERE {VanishingRule.Gone("m")}
             ORDER BY m.created_at, m.id
             LIMIT @batch
               FOR UPDATE OF m SKIP LOCKED
        ), gone AS (
            DELETE FROM messages m USING due WHERE m.id = due.id RETURNING m.id, m.upload_id, m.shared_reel_id, m.shared_video_id
        ), released AS (
            {RemovedMessagesSql.ReleaseUploadsOf("gone")}
        )
        SELECT id, shared_reel_id, shared_video_id FROM gone
        """;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var args = new { now, stillSince = rule.StillSince(now), batch = Batch };
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

        var allForgotten = 0;
        foreach (var forget in new[] { RemovedMessagesSql.ForgetEnded, RemovedChannelMessagesSql.ForgetEnded })
        {
            int forgotten;
            do
            {
                forgotten = await conn.ExecuteAsync(new CommandDefinition(forget, new { now, batch = Batch }, cancellationToken: ct));
                allForgotten += forgotten;
            } while (forgotten == Batch);
        }
        if (allForgotten > 0) logger.LogInformation("Forgot the kept content of {Count} removed messages past their appeal window", allForgotten);
    }
}
