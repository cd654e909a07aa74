using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>Keeps a post's post_hashtags and post_mentions equal to what its caption links.</summary>
internal static class PostLinks
{
    private const string SetHashtags = """
        DELETE FROM post_hashtags WHERE post_id = @postId AND NOT (hashtag_id = ANY(@hashtagIds));
        INSERT INTO post_hashtags (post_id, hashtag_id, author_id, post_created_at)
        SELECT @postId, h, @authorId, @createdAt FROM unnest(@hashtagIds::uuid[]) AS h
        ON CONFLICT DO NOTHING;
        """;

    private const string CurrentMentions = "SELECT user_id FROM post_mentions WHERE post_id = @postId";

    private const string SetMentions = """
        DELETE FROM post_mentions WHERE post_id = @postId AND NOT (user_id = ANY(@userIds));
        INSERT INTO post_mentions (post_id, user_id, created_at)
        SELECT @postId, u, @now FROM unnest(@userIds::uuid[]) AS u
        ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// An account the caption no longer names is no longer told it was mentioned (as a tag taken off takes its notice). Run
    /// after the mention rows' delete, which waits for a post-notifications transaction holding them, so it sees what that wrote.
    /// </summary>
    private const string WithdrawMentions = """
        DELETE FROM notifications
         WHERE user_id = ANY(@removed) AND actor_id = @authorId AND type = 'mention' AND entity_type = 'post' AND entity_id = @postId
        """;

    /// <summary>Writes the links in <paramref name="tx"/> and raises user.mentioned for each newly mentioned account (never the author).</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid postId, Guid authorId,
        DateTimeOffset createdAt, TextLinks links, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        var hashtagIds = await HashtagNames.EnsureAsync(conn, tx, time, links.Hashtags, ct);
        await conn.ExecuteAsync(new CommandDefinition(SetHashtags, new { postId, hashtagIds, authorId, createdAt }, tx, cancellationToken: ct));

        var mentioned = await People.ResolveAsync(conn, tx, authorId, links.Mentions, Involvement.Mention, ct);
        var before = (await conn.QueryAsync<Guid>(new CommandDefinition(CurrentMentions, new { postId }, tx, cancellationToken: ct))).ToHashSet();
        var userIds = mentioned.Values.Distinct().ToArray();
        await conn.ExecuteAsync(new CommandDefinition(SetMentions, new { postId, userIds, now }, tx, cancellationToken: ct));
        var removed = before.Except(userIds).ToArray();
        if (removed.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition(WithdrawMentions, new { removed, authorId, postId }, tx, cancellationToken: ct));
        foreach (var userId in userIds.Where(id => id != authorId && !before.Contains(id)))
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.UserMentioned, authorId, MentionEvent.Of(userId, postId, null), ct);
    }
}
