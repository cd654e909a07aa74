using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Relationships of a viewer to an account, as the social-graph issue lists them.</summary>
public enum Relation { Anonymous, Stranger, Pending, Follower, Blocked, Blocker, Owner }

/// <summary>Drives posts and engagement over HTTP the way a client does; relationships are rows (the social routes are another area's).</summary>
public sealed class PostsClient(FowergramApp app)
{
    public MediaClient Media { get; } = new(app);
    public NpgsqlDataSource Db => Media.Db;
    public FowergramApp App => app;

    public async Task<TestUser> NewUserAsync(bool isPrivate = false)
    {
        var user = await Media.NewUserAsync();
        if (isPrivate) await ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = user.Id });
        return user;
    }

    /// <summary>An upload slot with a JPEG (or the given bytes) already PUT to its URL.</summary>
    public async Task<Slot> UploadAsync(TestUser user, byte[]? bytes = null, string contentType = "image/jpeg", string purpose = "post") =>
        (await Media.UploadedAsync(user, purpose, contentType, bytes ?? MediaSamples.Jpeg())).Slot;

    /// <summary>Creates a post with <paramref name="mediaCount"/> fresh JPEGs; asserts 201 and returns the body.</summary>
    public async Task<JsonElement> CreatePostAsync(TestUser user, string? caption = null, int mediaCount = 1, bool likesDisabled = false,
        bool commentsDisabled = false)
    {
        var media = new List<object>();
        for (var i = 0; i < mediaCount; i++) media.Add(new { uploadId = (await UploadAsync(user)).UploadId, altText = $"photo {i}" });
        var response = await SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media, caption, likesDisabled, commentsDisabled });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<Guid> PostIdAsync(TestUser user, string? caption = null) => (await CreatePostAsync(user, caption)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser? user, object? body = null) =>
        Media.SendAsync(method, path, user, body is null ? null : JsonContent.Create(body, body.GetType()));

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, TestUser? user, string body, string contentType = "application/json") =>
        Media.SendAsync(method, path, user, new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? user) => SendAsync(HttpMethod.Get, path, user);

    /// <summary>A viewer standing in <paramref name="relation"/> to <paramref name="owner"/> (null for anonymous).</summary>
    public async Task<TestUser?> ViewerAsync(Relation relation, TestUser owner)
    {
        if (relation == Relation.Anonymous) return null;
        if (relation == Relation.Owner) return owner;
        var viewer = await NewUserAsync();
        switch (relation)
        {
            case Relation.Pending: await ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = viewer.Id, b = owner.Id }); break;
            case Relation.Follower: await FollowAsync(viewer, owner); break;
            case Relation.Blocked: await BlockAsync(owner, viewer); break;
            case Relation.Blocker: await BlockAsync(viewer, owner); break;
        }
        return viewer;
    }

    public static bool Sees(Relation relation, bool isPrivate) => relation switch
    {
        Relation.Owner or Relation.Follower => true,
        Relation.Blocked or Relation.Blocker => false,
        _ => !isPrivate,
    };

    public Task FollowAsync(TestUser follower, TestUser target) =>
        ExecuteAsync("INSERT INTO follows (follower_id, following_id) VALUES (@a, @b)", new { a = follower.Id, b = target.Id });

    public Task BlockAsync(TestUser blocker, TestUser blocked) =>
        ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @b)", new { a = blocker.Id, b = blocked.Id });

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public Task<long> LikeCountAsync(Guid postId) => ScalarAsync<long>("SELECT like_count FROM post_stats WHERE post_id = @postId", new { postId });
    public Task<long> LikeRowsAsync(Guid postId) => ScalarAsync<long>("SELECT count(*) FROM likes WHERE post_id = @postId", new { postId });
    public Task<long> CommentCountAsync(Guid postId) => ScalarAsync<long>("SELECT comment_count FROM post_stats WHERE post_id = @postId", new { postId });

    /// <summary>
    /// Drives the pipeline, then waits (with a deadline, never a fixed sleep) until every consumer that handles
    /// an event about these posts has processed it: another host's dispatcher may hold some of them.
    /// </summary>
    public async Task SettleAsync(params Guid[] postIds)
    {
        await app.Services.GetRequiredService<EventPipeline>().DrainAsync();
        var consumers = app.Services.GetServices<IEventConsumer>().ToList();
        var keys = postIds.Select(id => id.ToString("D")).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var conn = await Db.OpenConnectionAsync())
            {
                var types = (await conn.QueryAsync<string>(
                    "SELECT DISTINCT type FROM outbox WHERE payload->>'postId' = ANY(@keys)", new { keys })).ToList();
                var pending = 0L;
                foreach (var consumer in consumers)
                {
                    var handled = types.Where(consumer.Handles).ToArray();
                    if (handled.Length == 0) continue;
                    pending += await conn.ExecuteScalarAsync<long>("""
                        SELECT count(*) FROM outbox o
                        WHERE o.payload->>'postId' = ANY(@keys) AND o.type = ANY(@handled)
                          AND NOT EXISTS (SELECT 1 FROM processed_events e WHERE e.consumer = @name AND e.event_id = o.id)
                          AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.consumer = @name AND d.event_id = o.id)
                        """, new { keys, handled, name = consumer.Name });
                }
                if (pending == 0) return;
            }
            Assert.True(DateTime.UtcNow < deadline, "Events about the posts were not processed within 30 s.");
            await Task.Delay(25);
            await app.Services.GetRequiredService<EventPipeline>().DrainAsync();
        }
    }
}

public static class ResponseAssertions
{
    public static async Task EnsureNoContentAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"Expected 204 but got {(int)response.StatusCode}: {body}");
    }
}
