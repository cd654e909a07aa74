using Fowergram.Features.Comments;
using Fowergram.Features.Music;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Keeps every engagement counter exact: post_stats (likes, comments), comment_stats (likes, replies),
/// user_stats.post_count, hashtag_stats.post_count and music_track_stats.usage_count (a post made with a track, or
/// edited to play another, is one use: docs/posts.md "Music"). ConsumerRunner makes each event apply once
/// (duplicates and redeliveries find the processed marker); <see cref="CounterPairs"/> makes order
/// irrelevant for decrements; <see cref="PostCounterState"/> does the same for post lifecycle events.
/// </summary>
public sealed class PostCountersConsumer(TimeProvider time, ILogger<PostCountersConsumer> logger) : IEventConsumer
{
    public const string ConsumerName = "post-counters";

    private static readonly HashSet<string> Types =
    [
        PostEvents.Created, PostEvents.Deleted, PostEvents.Archived, PostEvents.Unarchived, PostEvents.Restored, PostEvents.Updated,
        PostEvents.Liked, PostEvents.Unliked, CommentEvents.Created, CommentEvents.Deleted, CommentEvents.Restored, CommentEvents.Liked, CommentEvents.Unliked,
    ];

    public string Name => ConsumerName;

    public bool Handles(string eventType) => Types.Contains(eventType);

    /// <summary>
    /// Likes of one post (or one comment) next to each other in a batch add up to one update: under a like
    /// storm that is one statement for hundreds of events. Unlikes get no key — they pair with likes still
    /// in flight by their markers — so they end a run.
    /// </summary>
    public string? RunKey(EventEnvelope envelope) => envelope.Type switch
    {
        PostEvents.Liked => $"{PostEvents.Liked} {envelope.PayloadAs<PostUserEvent>().PostId}",
        CommentEvents.Liked => $"{CommentEvents.Liked} {envelope.PayloadAs<CommentLikeEvent>().CommentId}",
        _ => null,
    };

    public async Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var first = run[0];
        if (first.Type == PostEvents.Liked)
        {
            var postId = first.PayloadAs<PostUserEvent>().PostId;
            await EngagementCounters.AddAsync(connection, transaction, Counter.PostLikes, postId, postId, run.Count, now, logger, ct);
            return;
        }
        var commentLike = first.PayloadAs<CommentLikeEvent>();
        await EngagementCounters.AddAsync(connection, transaction, Counter.CommentLikes, commentLike.CommentId, commentLike.PostId, run.Count, now, logger, ct);
    }

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        switch (envelope.Type)
        {
            case PostEvents.Liked or PostEvents.Unliked:
                var like = envelope.PayloadAs<PostUserEvent>();
                if (envelope.Type == PostEvents.Unliked && await CounterPairs.CancelLikeAsync(connection, transaction, like.PostId, like.UserId, now, ct)) return;
                await Add(Counter.PostLikes, like.PostId, like.PostId, envelope.Type == PostEvents.Liked ? 1 : -1);
                return;
            case CommentEvents.Created or CommentEvents.Deleted or CommentEvents.Restored:
                var comment = envelope.PayloadAs<CommentEvent>();
                var delta = envelope.Type == CommentEvents.Deleted ? -1 : 1;
                if (delta < 0 && await CounterPairs.CancelCommentAsync(connection, transaction, comment.PostId, comment.CommentId, now, ct)) return;
                await Add(Counter.PostComments, comment.PostId, comment.PostId, delta);
                if (comment.ParentId is { } parentId) await Add(Counter.CommentReplies, parentId, comment.PostId, delta);
                return;
            case CommentEvents.Liked or CommentEvents.Unliked:
                var commentLike = envelope.PayloadAs<CommentLikeEvent>();
                if (envelope.Type == CommentEvents.Unliked && envelope.ActorId is { } liker &&
                    await CounterPairs.CancelCommentLikeAsync(connection, transaction, commentLike.PostId, commentLike.CommentId, liker, now, ct)) return;
                await Add(Counter.CommentLikes, commentLike.CommentId, commentLike.PostId, envelope.Type == CommentEvents.Liked ? 1 : -1);
                return;
            default:
                var post = envelope.PayloadAs<PostEvent>();
                await PostCounterState.SyncAsync(connection, transaction, post.PostId, now, ct);
                if (post.MusicTrackId is { } track) await MusicUsage.AddAsync(connection, transaction, track, 1, now, ct);
                return;
        }

        Task Add(Counter counter, Guid key, Guid postId, int change) =>
            EngagementCounters.AddAsync(connection, transaction, counter, key, postId, change, now, logger, ct);
    }
}
