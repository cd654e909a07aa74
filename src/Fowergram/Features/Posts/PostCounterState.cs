using Dapper;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// user_stats.post_count and hashtag_stats.post_count count live posts (not deleted, not archived) and,
/// per hashtag, the live posts that carry it. Whether a post counts changes with create, archive,
/// unarchive, delete and caption edits, and those events arrive in any order. So each of them moves the
/// post's recorded contribution (post_counter_state) to the post's current state and applies only the
/// difference: idempotent, order-free, exact, never below zero. The state row is locked first, so the
/// last event to be handled reads the post after its last change.
/// </summary>
internal static class PostCounterState
{
    private const string EnsureState = """
        INSERT INTO post_counter_state (post_id, counted, updated_at)
        SELECT @postId, false, @now WHERE EXISTS (SELECT 1 FROM posts WHERE id = @postId)
        ON CONFLICT (post_id) DO NOTHING
        """;

    private const string LockState = "SELECT counted, hashtag_ids FROM post_counter_state WHERE post_id = @postId FOR UPDATE";

    private const string Current = """
        SELECT p.user_id AS author_id, (p.deleted_at IS NULL AND NOT p.is_archived) AS live,
               array(SELECT ph.hashtag_id FROM post_hashtags ph WHERE ph.post_id = p.id) AS hashtag_ids
        FROM posts p WHERE p.id = @postId
        """;

    private const string AddToUser = """
        INSERT INTO user_stats (user_id, post_count, updated_at) VALUES (@userId, greatest(@delta, 0), @now)
        ON CONFLICT (user_id) DO UPDATE SET post_count = greatest(0, user_stats.post_count + @delta), updated_at = @now
        """;

    private const string AddToHashtag = """
        INSERT INTO hashtag_stats (hashtag_id, post_count, updated_at) VALUES (@hashtagId, greatest(@delta, 0), @now)
        ON CONFLICT (hashtag_id) DO UPDATE SET post_count = greatest(0, hashtag_stats.post_count + @delta), updated_at = @now
        """;

    private const string SaveState = "UPDATE post_counter_state SET counted = @counted, hashtag_ids = @hashtagIds, updated_at = @now WHERE post_id = @postId";

    public static async Task SyncAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid postId, DateTimeOffset now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(EnsureState, new { postId, now }, tx, cancellationToken: ct));
        var state = await conn.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(LockState, new { postId }, tx, cancellationToken: ct));
        var post = await conn.QuerySingleOrDefaultAsync<CurrentRow>(new CommandDefinition(Current, new { postId }, tx, cancellationToken: ct));
        if (state is null || post is null) return; // purged with its author: nothing left to count

        var hashtags = post.Live ? post.HashtagIds.ToHashSet() : [];
        var userDelta = (post.Live ? 1 : 0) - (state.Counted ? 1 : 0);
        if (userDelta != 0)
            await conn.ExecuteAsync(new CommandDefinition(AddToUser, new { userId = post.AuthorId, delta = userDelta, now }, tx, cancellationToken: ct));
        // One lock order for every transaction: hashtag ids ascending.
        var changes = hashtags.Except(state.HashtagIds).Select(id => (id, 1))
            .Concat(state.HashtagIds.Except(hashtags).Select(id => (id, -1))).OrderBy(c => c.id);
        foreach (var (hashtagId, delta) in changes)
            await conn.ExecuteAsync(new CommandDefinition(AddToHashtag, new { hashtagId, delta, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(SaveState,
            new { postId, counted = post.Live, hashtagIds = hashtags.Order().ToArray(), now }, tx, cancellationToken: ct));
    }

    private sealed class StateRow
    {
        public bool Counted { get; init; }
        public Guid[] HashtagIds { get; init; } = [];
    }

    private sealed class CurrentRow
    {
        public Guid AuthorId { get; init; }
        public bool Live { get; init; }
        public Guid[] HashtagIds { get; init; } = [];
    }
}
