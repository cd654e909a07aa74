using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>Keeps a post's post_hashtags and post_mentions equal to what its caption links.</summary>
internal static class PostLinks
{
    // Sorted by name: two posts creating the same new hashtags lock them in one order and never deadlock.
    private const string UpsertHashtags = """
        INSERT INTO hashtags (id, name, created_at)
        SELECT n.id, n.name, @now FROM unnest(@ids::uuid[], @names::text[]) AS n (id, name) ORDER BY n.name
        ON CONFLICT (name) DO NOTHING
        """;

    private const string HashtagIds = "SELECT id FROM hashtags WHERE name = ANY(@names)";

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

    /// <summary>Writes the links in <paramref name="tx"/> and raises user.mentioned for each newly mentioned account (never the author).</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid postId, Guid authorId,
        DateTimeOffset createdAt, TextLinks links, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        var names = links.Hashtags.Order(StringComparer.Ordinal).ToArray();
        var hashtagIds = Array.Empty<Guid>();
        if (names.Length > 0)
        {
            var ids = names.Select(_ => Ids.New(time)).ToArray();
            await conn.ExecuteAsync(new CommandDefinition(UpsertHashtags, new { ids, names, now }, tx, cancellationToken: ct));
            hashtagIds = (await conn.QueryAsync<Guid>(new CommandDefinition(HashtagIds, new { names }, tx, cancellationToken: ct))).ToArray();
        }
        await conn.ExecuteAsync(new CommandDefinition(SetHashtags, new { postId, hashtagIds, authorId, createdAt }, tx, cancellationToken: ct));

        var mentioned = await People.ResolveAsync(conn, tx, authorId, links.Mentions, ct);
        var before = (await conn.QueryAsync<Guid>(new CommandDefinition(CurrentMentions, new { postId }, tx, cancellationToken: ct))).ToHashSet();
        var userIds = mentioned.Values.Distinct().ToArray();
        await conn.ExecuteAsync(new CommandDefinition(SetMentions, new { postId, userIds, now }, tx, cancellationToken: ct));
        foreach (var userId in userIds.Where(id => id != authorId && !before.Contains(id)))
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.UserMentioned, authorId, MentionEvent.Of(userId, postId, null), ct);
    }
}
