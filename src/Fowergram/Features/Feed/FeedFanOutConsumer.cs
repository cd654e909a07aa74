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
/// again for every standing repost on unarchive or restore) and undoing it takes those entries back (post.unreposted).
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
            await HandleCollaboratorAsync(envelope, connection, transaction, ct);
            return;
        }
        if (envelope.Type is FeedEvents.PostReposted or FeedEvents.PostUnreposted)
        {
            await HandleRepostAsync(envelope, connection, transaction, ct);
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
        await connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.FanOutCollaborators, new { postId, collaboratorId = (Guid?)null, horizon },
            transaction, cancellationToken: ct));
        // And a reposted one to its reposters' followers (none yet for a new post).
        await connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.FanOutReposts, new { postId, reposterId = (Guid?)null, horizon },
            transaction, cancellationToken: ct));
    }

    /// <summary>A repost fans the post out to the reposter's followers; undoing it takes those entries back.</summary>
    private Task HandleRepostAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var payload = envelope.PayloadAs<RepostEventPayload>();
        var postId = FeedEvents.Required(payload.PostId, "postId", envelope.Type);
        var reposterId = (Guid?)FeedEvents.Required(payload.UserId, "userId", envelope.Type);
        return envelope.Type == FeedEvents.PostReposted
            ? connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.FanOutReposts,
                new { postId, reposterId, horizon = time.GetUtcNow() - options.Value.Retention }, transaction, cancellationToken: ct))
            : connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.RemoveRepost, new { postId, reposterId }, transaction, cancellationToken: ct));
    }

    /// <summary>An accepted collaboration fans the post out to the collaborator's followers; its end takes those entries back.</summary>
    private Task HandleCollaboratorAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var payload = envelope.PayloadAs<CollaboratorEventPayload>();
        var postId = FeedEvents.Required(payload.PostId, "postId", envelope.Type);
        var collaboratorId = (Guid?)FeedEvents.Required(payload.CollaboratorId, "collaboratorId", envelope.Type);
        return envelope.Type == FeedEvents.PostCollaboratorAdded
            ? connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.FanOutCollaborators,
                new { postId, collaboratorId, horizon = time.GetUtcNow() - options.Value.Retention }, transaction, cancellationToken: ct))
            : connection.ExecuteAsync(new CommandDefinition(FeedWriteSql.RemoveCollaborator, new { postId, collaboratorId }, transaction,
                cancellationToken: ct));
    }

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
