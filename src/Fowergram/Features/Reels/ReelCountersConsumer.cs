using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Keeps reel_stats (likes, comments, saves, shares, views, plays, remixes), reel_comments.like_count, audio_track_stats.usage_count
/// and hashtag_stats.reel_count exact (ReelCountersSql and HashtagReelCounts say how). ConsumerRunner applies each event once; a
/// run of one reel's likes, comments and saves in a batch is one recount, a run of one comment's likes another, a run of its
/// plays one addition — under a like storm that is one statement for hundreds of events.
/// </summary>
public sealed class ReelCountersConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "reel-counters";

    private static readonly HashSet<string> Engagement =
        [ReelEvents.Liked, ReelEvents.Unliked, ReelEvents.CommentCreated, ReelEvents.CommentDeleted, ReelEvents.CommentRestored, ReelEvents.Saved, ReelEvents.Unsaved];

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        Engagement.Contains(eventType) || eventType is ReelEvents.Played or ReelEvents.Created or ReelEvents.Updated or ReelEvents.Deleted or ReelEvents.Restored
            or ReelEvents.CommentLiked or ReelEvents.CommentUnliked or ReelEvents.Shared or ReelEvents.Unshared;

    /// <summary>A recount reads no marker, so every event may join a run: engagement and plays by reel, lifecycle by sound.</summary>
    public string? RunKey(EventEnvelope envelope) => envelope.Type switch
    {
        ReelEvents.Played => $"plays {ReelIdOf(envelope)}",
        ReelEvents.CommentLiked or ReelEvents.CommentUnliked => $"comment likes {CommentIdOf(envelope)}",
        ReelEvents.Shared or ReelEvents.Unshared => $"shares {ReelIdOf(envelope)}",
        ReelEvents.Created or ReelEvents.Deleted or ReelEvents.Restored => envelope.PayloadAs<ReelEvent>().AudioTrackId is { } audio ? $"audio {audio}" : null,
        ReelEvents.Updated => null,
        _ => $"engagement {ReelIdOf(envelope)}",
    };

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        HandleRunAsync([envelope], connection, transaction, ct);

    public async Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var first = run[0];
        if (first.Type == ReelEvents.Played)
        {
            var reelId = ReelIdOf(first);
            var views = run.Count(e => e.PayloadAs<ReelPlayEvent>().FirstView);
            await Run(ReelCountersSql.AddPlays, new { reelId, plays = run.Count, views, now });
        }
        else if (first.Type is ReelEvents.Shared or ReelEvents.Unshared)
        {
            var reelId = ReelIdOf(first);
            await Run(ReelCountersSql.LockReel, new { reelId });
            await Run(ReelCountersSql.RecountShares, new { reelId, now });
        }
        else if (first.Type is ReelEvents.CommentLiked or ReelEvents.CommentUnliked)
        {
            var commentId = CommentIdOf(first);
            await Run(ReelCommentsSql.Thread.LockLikeCount, new { commentId });
            await Run(ReelCommentsSql.Thread.RecountLikes, new { commentId });
        }
        else if (first.Type is ReelEvents.Updated)
        {
            // Only a caption edit that changed the tags names any; the reel's other tags kept their count.
            await HashtagReelCounts.RecountAsync(connection, transaction, first.PayloadAs<ReelEvent>().ChangedHashtagIds ?? [], now, ct);
        }
        else if (first.Type is ReelEvents.Created or ReelEvents.Deleted or ReelEvents.Restored)
        {
            // A remix made, gone or back: its original's remix count (a run is one sound's reels; their originals may differ).
            var reelIds = run.Select(ReelIdOf).ToArray();
            foreach (var original in await connection.QueryAsync<Guid>(new CommandDefinition(ReelCountersSql.Originals, new { reelIds }, transaction,
                         cancellationToken: ct)))
            {
                await Run(ReelCountersSql.LockReel, new { reelId = original });
                await Run(ReelCountersSql.RecountRemixes, new { reelId = original, now });
            }
            if (first.PayloadAs<ReelEvent>().AudioTrackId is { } audioTrackId)
            {
                await Run(ReelCountersSql.LockAudio, new { audioTrackId });
                await Run(ReelCountersSql.RecountAudio, new { audioTrackId, now });
            }
            // An event takes its hashtag locks last, after the reels' and the sound's (HashtagReelCounts: in id order).
            await HashtagReelCounts.RecountOfReelsAsync(connection, transaction, reelIds, now, ct);
        }
        else
        {
            var reelId = ReelIdOf(first);
            await Run(ReelCountersSql.LockReel, new { reelId });
            await Run(ReelCountersSql.RecountEngagement, new { reelId, now });
        }

        Task Run(string sql, object args) => connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct));
    }

    private static Guid ReelIdOf(EventEnvelope envelope) => envelope.Payload.GetProperty("reelId").GetGuid();

    private static Guid CommentIdOf(EventEnvelope envelope) => envelope.Payload.GetProperty("commentId").GetGuid();
}
