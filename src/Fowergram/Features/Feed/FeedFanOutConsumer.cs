using Dapper;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>
/// Fan-out on write: a new (or unarchived, or restored) post goes into the feed of its author and, unless the author
/// has more than <see cref="FeedOptions.FanOutMaxFollowers"/> followers, of every follower, in one
/// set-based insert. A larger author is listed in feed_large_authors instead and merged at read time.
/// A deleted or archived post leaves every feed (readers also skip it before this runs). A collab post also reaches its
/// accepted collaborators' followers (post.collaborator_added, and again on unarchive or restore) and leaves them when the
/// collaboration ends (post.collaborator_removed). A repost takes the post to the reposter's followers (post.reposted, and
/// again for every standing repost on unarchive or restore) and undoing it takes those entries back (post.unreposted). A large
/// account's share is not fanned out but listed in feed_large_shares for the read to merge, and taken off when it ends.
/// </summary>
public sealed class FeedFanOutConsumer(IOptions<FeedOptions> options, TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "feed-fanout";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType is FeedEvents.PostCreated or FeedEvents.PostUnarchived or FeedEvents.PostRestored
        or FeedEvents.PostDeleted or FeedEvents.PostArchived or FeedEvents.PostCollaboratorAdded or FeedEvents.PostCollaboratorRemoved
        or FeedEvents.PostReposted or FeedEvents.PostUnreposted;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type is FeedEvents.PostCollaboratorAdded or FeedEvents.PostCollaboratorRemoved)
        {
            var collaboration = envelope.PayloadAs<CollaboratorEventPayload>();
            await HandleViaAsync(envelope, collaboration.PostId, collaboration.CollaboratorId, "collaboratorId",
                envelope.Type == FeedEvents.PostCollaboratorAdded ? FeedWriteSql.FanOutCollaborators : FeedWriteSql.RemoveCollaborator,
                connection, transaction, ct);
            return;
        }
        if (envelope.Type is FeedEvents.PostReposted or FeedEvents.PostUnreposted)
        {
            var repost = envelope.PayloadAs<RepostEventPayload>();
            await HandleViaAsync(envelope, repost.PostId, repost.UserId, "userId",
                envelope.Type == FeedEvents.PostReposted ? FeedWriteSql.FanOutReposts : FeedWriteSql.RemoveRepost, connection, transaction, ct);
            return;
        }
        var postId = FeedEvents.Required(envelope.PayloadAs<PostEventPayload>().PostId, "postId", envelope.Type);
        if (envelope.Type is FeedEvents.PostDeleted or FeedEvents.PostArchived)
        {
            await connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.RemovePost, new { postId }, transaction, cancellationToken: ct));
            return;
        }
        var post = (await connection.QueryAsync<(Guid AuthorId, DateTime PostedAt)>(new CommandDefinition(
            "SELECT user_id, created_at FROM posts WHERE id = @postId", new { postId }, transaction, cancellationToken: ct))).ToList();
        if (post.Count == 0) return; // purged before we got here: nothing to show anyone
        var toFollowers = !await IsLargeAsync(post[0].AuthorId, post[0].PostedAt, connection, transaction, ct);
        var horizon = time.GetUtcNow() - options.Value.Retention;
        await connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.FanOut, new { postId, toFollowers, horizon }, transaction, cancellationToken: ct));
        // A collab post unarchived or restored goes back to its collaborators' followers too (none yet for a new post).
        await connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.FanOutCollaborators, new { postId, viaId = (Guid?)null, horizon },
            transaction, cancellationToken: ct));
        // And a reposted one to its reposters' followers (none yet for a new post).
        await connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.FanOutReposts, new { postId, viaId = (Guid?)null, horizon },
            transaction, cancellationToken: ct));
    }

    /// <summary>
    /// An accepted collaboration or a repost fans the post out to the followers of the account it came through (@viaId); the
    /// collaboration's end or the repost's undoing takes those entries back (<paramref name="sql"/> is one or the other).
    /// </summary>
    private Task HandleViaAsync(EventEnvelope envelope, Guid postId, Guid viaId, string viaName, string sql, NpgsqlConnection connection,
        NpgsqlTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            postId = FeedEvents.Required(postId, "postId", envelope.Type),
            viaId = (Guid?)FeedEvents.Required(viaId, viaName, envelope.Type),
            horizon = time.GetUtcNow() - options.Value.Retention,
        }, transaction, cancellationToken: ct));

    /// <summary>Listed already, or found to have more followers than the threshold now (then listed, for good).</summary>
    private async Task<bool> IsLargeAsync(Guid authorId, DateTime postedAt, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(FeedWriteSql.TouchLargeAuthor, new { authorId, postedAt },
                transaction, cancellationToken: ct)))
            return true;
        var max = options.Value.FanOutMaxFollowers;
        var followers = await connection.ExecuteScalarAsync<long>(new CommandDefinition(FeedWriteSql.CountFollowersUpTo,
            new { authorId, limit = max + 1L }, transaction, cancellationToken: ct));
        if (followers <= max) return false;
        await connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.ListLargeAuthor,
            new { authorId, followers, postedAt, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
        return true;
    }
}
