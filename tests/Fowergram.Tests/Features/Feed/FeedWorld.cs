using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// Accounts through the API, and the posts and social-graph writes the feed reacts to, made the way
/// those areas make them: the row change and its outbox event (contract of the team brief) in one
/// transaction. The feed is read over HTTP.
/// </summary>
internal sealed class FeedWorld(FowergramApp app)
{
    public DateTimeOffset Now => app.Clock.GetUtcNow();

    public Task<TestAccount> UserAsync() => app.Client.RegisterAsync();

    /// <summary>A live post <paramref name="ago"/> before the host's now, with <paramref name="media"/> photos and its stats row.</summary>
    public async Task<Guid> PostAsync(TestAccount author, TimeSpan? ago = null, string? caption = null, bool likesDisabled = false,
        int media = 1, long likes = 0, long comments = 0, bool raise = true)
    {
        var createdAt = Now - (ago ?? TimeSpan.FromMinutes(1));
        var id = Guid.CreateVersion7(createdAt);
        await InTransactionAsync(async (conn, tx) =>
        {
            await conn.ExecuteAsync("""
                INSERT INTO posts (id, user_id, caption, location, likes_disabled, created_at, updated_at)
                VALUES (@id, @author, @caption, 'Chiang Mai', @likesDisabled, @createdAt, @createdAt);
                INSERT INTO post_stats (post_id, like_count, comment_count) VALUES (@id, @likes, @comments);
                """, new { id, author = author.Id, caption = caption ?? $"post {id:N}", likesDisabled, createdAt, likes, comments }, tx);
            for (var n = 0; n < media; n++)
            {
                // As the posts area writes an item: from a claimed upload of the author (video second).
                var (upload, video) = (Guid.CreateVersion7(createdAt), n == 1);
                await conn.ExecuteAsync("""
                    INSERT INTO uploads (id, user_id, purpose, content_type, declared_size, blob_name, status, actual_size,
                                         created_at, expires_at, used_at)
                    VALUES (@upload, @author, 'post', @type, 1000, @name, 'used', 1000, @createdAt, @createdAt + interval '10 minutes', @createdAt);
                    INSERT INTO post_media (id, post_id, upload_id, blob_name, media_type, alt_text, width, height, duration, display_order)
                    VALUES (gen_random_uuid(), @id, @upload, @name, @kind, 'photo ' || @n, 1080, 1350 + @n, @duration, @n);
                    """, new { upload, author = author.Id, type = video ? "video/mp4" : "image/jpeg", name = $"post/{author.Id:D}/{upload:D}",
                        createdAt, id, kind = video ? "video" : "image", n, duration = video ? 15 : (int?)null }, tx);
            }
            if (raise)
                await RaiseAsync(conn, tx, "post.created", author.Id,
                    new { postId = id, authorId = author.Id, createdAt, entityType = "post", entityId = id });
        });
        return id;
    }

    public Task DeletePostAsync(TestAccount author, Guid post) =>
        PostChangeAsync(author, post, "post.deleted", "UPDATE posts SET deleted_at = @now WHERE id = @post");

    public Task ArchivePostAsync(TestAccount author, Guid post) =>
        PostChangeAsync(author, post, "post.archived", "UPDATE posts SET is_archived = true WHERE id = @post");

    public Task UnarchivePostAsync(TestAccount author, Guid post) =>
        PostChangeAsync(author, post, "post.unarchived", "UPDATE posts SET is_archived = false WHERE id = @post");

    private Task PostChangeAsync(TestAccount author, Guid post, string type, string sql) => InTransactionAsync(async (conn, tx) =>
    {
        await conn.ExecuteAsync(sql, new { post, now = Now }, tx);
        await RaiseAsync(conn, tx, type, author.Id, new { postId = post, authorId = author.Id, entityType = "post", entityId = post });
    });

    public Task FollowAsync(TestAccount follower, TestAccount following) => InTransactionAsync(async (conn, tx) =>
    {
        await conn.ExecuteAsync("INSERT INTO follows (follower_id, following_id, created_at) VALUES (@f, @t, @now)",
            new { f = follower.Id, t = following.Id, now = Now }, tx);
        await RaiseAsync(conn, tx, "follow.created", follower.Id, FollowPayload(follower.Id, following.Id));
    });

    public Task UnfollowAsync(TestAccount follower, TestAccount following) => InTransactionAsync(async (conn, tx) =>
    {
        await conn.ExecuteAsync("DELETE FROM follows WHERE follower_id = @f AND following_id = @t", new { f = follower.Id, t = following.Id }, tx);
        await RaiseAsync(conn, tx, "follow.deleted", follower.Id, FollowPayload(follower.Id, following.Id));
    });

    /// <summary>As the social area blocks: the follows between them go (each raising follow.deleted), then block.created.</summary>
    public Task BlockAsync(TestAccount blocker, TestAccount blocked) => InTransactionAsync(async (conn, tx) =>
    {
        var removed = await conn.QueryAsync<(Guid FollowerId, Guid FollowingId)>("""
            DELETE FROM follows WHERE (follower_id = @a AND following_id = @b) OR (follower_id = @b AND following_id = @a)
            RETURNING follower_id, following_id
            """, new { a = blocker.Id, b = blocked.Id }, tx);
        foreach (var (follower, following) in removed)
            await RaiseAsync(conn, tx, "follow.deleted", blocker.Id, FollowPayload(follower, following));
        await conn.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (@a, @b, @now)",
            new { a = blocker.Id, b = blocked.Id, now = Now }, tx);
        await RaiseAsync(conn, tx, "block.created", blocker.Id,
            new { blockerId = blocker.Id, blockedId = blocked.Id, entityType = "user", entityId = blocked.Id });
    });

    public Task MuteAsync(TestAccount muter, TestAccount muted, bool posts = true, bool stories = false) => InTransactionAsync(async (conn, tx) =>
    {
        if (posts || stories)
            await conn.ExecuteAsync("""
                INSERT INTO mutes (muter_id, muted_id, mute_posts, mute_stories) VALUES (@a, @b, @posts, @stories)
                ON CONFLICT (muter_id, muted_id) DO UPDATE SET mute_posts = @posts, mute_stories = @stories
                """, new { a = muter.Id, b = muted.Id, posts, stories }, tx);
        else
            await conn.ExecuteAsync("DELETE FROM mutes WHERE muter_id = @a AND muted_id = @b", new { a = muter.Id, b = muted.Id }, tx);
        await RaiseAsync(conn, tx, "mute.changed", muter.Id,
            new { muterId = muter.Id, mutedId = muted.Id, mutePosts = posts, muteStories = stories, entityType = "user", entityId = muted.Id });
    });

    public Task SetPrivateAsync(TestAccount user, bool isPrivate) => InTransactionAsync(async (conn, tx) =>
    {
        await conn.ExecuteAsync("UPDATE users SET is_private = @isPrivate WHERE id = @id", new { id = user.Id, isPrivate }, tx);
        await RaiseAsync(conn, tx, "account.privacy_changed", user.Id, new { userId = user.Id, isPrivate });
    });

    public Task RequestFollowAsync(TestAccount requester, TestAccount target) => InTransactionAsync(async (conn, tx) =>
    {
        await conn.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = requester.Id, b = target.Id }, tx);
        await RaiseAsync(conn, tx, "follow.requested", requester.Id,
            new { requesterId = requester.Id, targetId = target.Id, entityType = "user", entityId = target.Id });
    });

    public Task DrainAsync() => app.Services.GetRequiredService<EventPipeline>().DrainAsync();

    /// <summary>One page over HTTP (asserts 200): the item ids and the next cursor.</summary>
    public async Task<(List<JsonElement> Items, string? NextCursor)> PageAsync(TestAccount reader, int? limit = null, string? cursor = null)
    {
        var query = new List<string>();
        if (limit is not null) query.Add($"limit={limit}");
        if (cursor is not null) query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        var url = "/api/v1/feed" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var body = await (await app.Client.GetAsync(url, reader.AccessToken)).ReadJsonAsync(HttpStatusCode.OK);
        // A last page has no nextCursor (nulls are left out of every answer).
        var next = body.TryGetProperty("nextCursor", out var value) ? value.GetString() : null;
        return (body.GetProperty("items").EnumerateArray().ToList(), next);
    }

    /// <summary>Every page, following nextCursor (at most 50 pages).</summary>
    public async Task<List<Guid>> FeedAsync(TestAccount reader, int limit = 50)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 50; page++)
        {
            var (items, next) = await PageAsync(reader, limit, cursor);
            ids.AddRange(items.Select(i => i.GetProperty("id").GetGuid()));
            if ((cursor = next) is null) return ids;
        }
        throw new InvalidOperationException("The feed did not end within 50 pages.");
    }

    public static async Task<long> EntriesAsync(Guid reader, Guid? author = null)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM feed_entries WHERE user_id = @reader AND (@author::uuid IS NULL OR author_id = @author)", new { reader, author });
    }

    public static object FollowPayload(Guid follower, Guid following) =>
        new { followerId = follower, followingId = following, entityType = "user", entityId = following };

    private Task RaiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string type, Guid actor, object payload) =>
        Outbox.EnqueueAsync(conn, tx, app.Clock, type, actor, payload, default);

    private static async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await work(conn, tx);
        await tx.CommitAsync();
    }
}
