using Dapper;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>
/// Keeps feeds in step with the social graph: a new follow copies the followee's posts, and the posts it shares
/// (collaborations, reposts), into the follower's feed as far back as the follower's entries are complete (large accounts
/// need nothing: they are merged at read time); an unfollow removes them (or moves them to another followed path); a block removes each one's posts from the other's feed. A posts mute
/// moves the muter's entries of others' posts that came through the muted account to another followed path, and deletes
/// none; privacy switches change no entry: the read filters them, and an unmute shows the posts again.
/// </summary>
public sealed class FeedGraphConsumer(IOptions<FeedOptions> options, TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "feed-graph";

    public string Name => ConsumerName;

    /// <summary>The followee's own posts, then those it shares: one round trip.</summary>
    private static readonly string FollowBackfill = FeedWriteSql.Backfill + ";\n" + FeedWriteSql.BackfillShared;

    public bool Handles(string eventType) => eventType is FeedEvents.FollowCreated or FeedEvents.FollowDeleted or FeedEvents.BlockCreated or FeedEvents.MuteChanged;

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type == FeedEvents.BlockCreated)
        {
            var block = envelope.PayloadAs<BlockEventPayload>();
            return connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.RemoveBetween, new
            {
                blockerId = FeedEvents.Required(block.BlockerId, "blockerId", envelope.Type),
                blockedId = FeedEvents.Required(block.BlockedId, "blockedId", envelope.Type),
            }, transaction, cancellationToken: ct));
        }
        if (envelope.Type == FeedEvents.MuteChanged)
        {
            var mute = envelope.PayloadAs<MuteEventPayload>();
            // An unmute (or a stories- or notes-only change) moves nothing: the entries' paths stand, and the read shows them.
            if (!mute.MutePosts) return Task.CompletedTask;
            return connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.RepointMuted, new
            {
                muterId = FeedEvents.Required(mute.MuterId, "muterId", envelope.Type),
                mutedId = FeedEvents.Required(mute.MutedId, "mutedId", envelope.Type),
            }, transaction, cancellationToken: ct));
        }
        var follow = envelope.PayloadAs<FollowEventPayload>();
        var followerId = FeedEvents.Required(follow.FollowerId, "followerId", envelope.Type);
        var followingId = FeedEvents.Required(follow.FollowingId, "followingId", envelope.Type);
        var windowStart = time.GetUtcNow() - options.Value.Retention;
        if (envelope.Type != FeedEvents.FollowCreated)
            return connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.RemoveFollowee, new { followerId, followingId },
                transaction, cancellationToken: ct));
        // A day more than the window: a reader the retention job is giving its first mark (the job's start less the
        // window) while this runs is then still complete down to that mark.
        var args = new { followerId, followingId, horizon = windowStart - TimeSpan.FromDays(1), windowStart, limit = options.Value.BackfillPosts };
        return connection.ExecuteAsync(new CommandDefinition(FollowBackfill, args, transaction, cancellationToken: ct));
    }
}
