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

    /// <summary>
    /// What <see cref="VanishingRule.Gone"/> matches, oldest first (messages_vanishing), in threads whose row this run could
    /// lock: the thread first, then its messages, the order every write of a thread takes (a send, an unsend, an edit, the
    /// return of a reader who deleted the chat). Deleting a message writes the messages quoting it (the quote's ON DELETE SET
    /// NULL); taking message rows alone, a run holding C and waiting for B (A's deletion clearing B's quote of A) met an unsend
    /// of B holding B and waiting for C (clearing C's quote of B): a deadlock (VanishQuoteLockOrderTests). A thread another
    /// transaction holds is skipped until the next run, as its locked rows were; two runs take disjoint threads. Quotes never
    /// cross threads (MessagesSql.ReplyTarget), so no deletion here writes a message of a thread it does not hold.
    /// FOR NO KEY UPDATE: it waits for, and skips, the thread lock writes take (FOR UPDATE) but not a foreign key's key share.
    /// </summary>
    private static readonly string Vanish = Deleting($"""
        m.conversation_id IN (
            SELECT c.id FROM conversations c
             WHERE c.id IN (SELECT d.conversation_id FROM messages d WHERE {VanishingRule.Gone("d")} ORDER BY d.created_at, d.id LIMIT @batch)
               FOR NO KEY UPDATE OF c SKIP LOCKED)
        AND {VanishingRule.Gone("m")} ORDER BY m.created_at, m.id LIMIT @batch
        """);

    /// <summary>
    /// The vanishing messages of one thread read by a participant who has since deleted the chat (left_at set), on an accepted
    /// copy: deleting the chat is leaving it, so these have vanished, whatever their reader's read mark says by the clock. Asked
    /// just before that participant is put back in afresh, read mark cleared (which would stop passing them). A request copy's
    /// reading is never revealed (VanishingRule), so its messages stay. The first EXISTS names no message, so PostgreSQL runs it
    /// once before the scan: a thread nobody left (every send in a one-to-one asks) reads nothing else.
    /// </summary>
    private static readonly string VanishReadByLeaver = Deleting("""
        EXISTS (SELECT 1 FROM conversation_participants l0 WHERE l0.conversation_id = @conversationId AND l0.left_at IS NOT NULL)
        AND m.conversation_id = @conversationId AND m.vanishes
        AND EXISTS (SELECT 1 FROM conversation_participants l
                     WHERE l.conversation_id = @conversationId AND l.left_at IS NOT NULL AND l.status = 'accepted'
                       AND l.user_id <> m.sender_id AND (l.read_through_at, l.read_through_id) >= (m.created_at, m.id))
        ORDER BY m.created_at, m.id
        """);

    private static string Deleting(string due) => $"""
        WITH due AS (
            SELECT m.id FROM messages m
             WHERE {due}
               FOR UPDATE OF m SKIP LOCKED
        ), gone AS (
            DELETE FROM messages m USING due WHERE m.id = due.id RETURNING m.id, m.upload_id, m.shared_reel_id, m.shared_video_id
        ), released AS (
            {RemovedMessagesSql.ReleaseUploadsOf("gone")}
        )
        SELECT id, shared_reel_id, shared_video_id FROM gone
        """;

    /// <summary>
    /// Deletes, as a run would, the vanishing messages of a one-to-one that its reader read before deleting the chat, just
    /// before the reader is put back in it afresh (the other side writing again, or the reader opening it again), in that
    /// transaction and under the thread's lock. The fresh start clears the read mark, which then no longer passed them: before
    /// 2026-12-07 they came back to their sender's screen, and never vanished until the reader read past them again.
    /// </summary>
    internal static async Task VanishBeforeReturnAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid conversationId,
        DateTimeOffset now, CancellationToken ct)
    {
        var gone = (await conn.QueryAsync<SharedThing>(new CommandDefinition(VanishReadByLeaver, new { conversationId, now }, tx,
            cancellationToken: ct))).ToList();
        await MessageShares.RaiseAsync(conn, tx, time, null, gone, removed: true, ct);
    }

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
