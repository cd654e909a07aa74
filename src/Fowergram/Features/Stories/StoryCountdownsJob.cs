using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Announces countdowns that ended, every minute: each account that asked to be reminded (and that the story's audience still
/// holds; not the author, whose own notice answers theirs) gets a countdown_ended notice naming the author, the title and the
/// story (story_id), in the transaction that marks the countdown announced, so a countdown is announced once whatever the
/// runs: twice, at once (rows another run holds are skipped) or late. Its author gets a system notice too, saying how many
/// were reminded. The story may have expired meanwhile: the notice's entity is the author, not the story (story_id only tells
/// the countdown apart). A deleted story or a gone author announces nothing.
/// </summary>
public sealed class StoryCountdownsJob(NpgsqlDataSource db, TimeProvider time, ILogger<StoryCountdownsJob> logger) : IScheduledJob
{
    public const string JobName = "story-countdowns";
    public const string JobSchedule = "0 * * * * *";

    /// <summary>Countdowns announced per transaction.</summary>
    public const int Batch = 100;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var (announced, notices) = (0, 0);
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var due = (await conn.QueryAsync<DueRow>(new CommandDefinition(CountdownSql.TakeDue, new { now, batch = Batch }, tx, cancellationToken: ct))).ToList();
            foreach (var countdown in due.Where(c => c.Announce))
            {
                var recipients = (await conn.QueryAsync<Guid>(new CommandDefinition(CountdownSql.Reminded,
                    new { countdownId = countdown.Id, authorId = countdown.AuthorId, audience = countdown.Audience }, tx, cancellationToken: ct))).ToArray();
                await conn.ExecuteAsync(new CommandDefinition(CountdownSql.NotifyAuthor, new
                {
                    id = Ids.New(time), countdown.AuthorId, countdown.StoryId, message = AuthorNotice(countdown.Title, recipients.Length), now,
                }, tx, cancellationToken: ct));
                notices++;
                if (recipients.Length == 0) continue;
                await conn.ExecuteAsync(new CommandDefinition(CountdownSql.Notify, new
                {
                    ids = recipients.Select(_ => Ids.New(time)).ToArray(), recipients, countdown.AuthorId, countdown.Title, countdown.StoryId, now,
                }, tx, cancellationToken: ct));
                notices += recipients.Length;
            }
            await tx.CommitAsync(ct);
            announced += due.Count;
            if (due.Count < Batch) break;
        }
        if (announced > 0) logger.LogInformation("Announced {Count} ended countdowns with {Notices} notices", announced, notices);
    }

    internal static string AuthorNotice(string title, int reminded) => reminded switch
    {
        0 => $"Your countdown \"{title}\" has ended.",
        1 => $"Your countdown \"{title}\" has ended; 1 person was reminded.",
        _ => $"Your countdown \"{title}\" has ended; {reminded} people were reminded.",
    };

    private sealed class DueRow
    {
        public Guid Id { get; set; }
        public Guid StoryId { get; set; }
        public string Title { get; set; } = "";
        public Guid AuthorId { get; set; }
        public string Audience { get; set; } = "";
        public bool Announce { get; set; }
    }
}
