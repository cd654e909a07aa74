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
        // A name as real accounts have: thousands of empty ones would skew the planner's view of users (IndexPlanTests).
        await ExecuteAsync("UPDATE users SET is_private = @isPrivate, full_name = 'Poster ' || username WHERE id = @id", new { id = user.Id, isPrivate });
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

    /// <summary>A follow through the API, its events settled (the feed's backfill ran).</summary>
    public async Task FollowOverHttpAsync(TestUser follower, TestUser target)
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/v1/users/{target.Username}/follow", follower)).StatusCode);
        await new EntityEvents(app, "followerId").SettleAsync(follower.Id);
    }

    /// <summary>An unfollow through the API, its events settled.</summary>
    public async Task UnfollowOverHttpAsync(TestUser follower, TestUser target)
    {
        await (await SendAsync(HttpMethod.Delete, $"/api/v1/users/{target.Username}/follow", follower)).EnsureNoContentAsync();
        await new EntityEvents(app, "followerId").SettleAsync(follower.Id);
    }

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

    public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.QueryAsync<T>(sql, args);
    }

    public Task<long> LikeCountAsync(Guid postId) => ScalarAsync<long>("SELECT like_count FROM post_stats WHERE post_id = @postId", new { postId });
    /// <summary>Posts in keyset order, (created_at, id) descending: a shared host's clock stands still, so then the ids decide.</summary>
    public async Task<List<Guid>> NewestFirstAsync(params Guid[] ids) =>
        (await QueryAsync<Guid>("SELECT id FROM posts WHERE id = ANY(@ids) ORDER BY created_at DESC, id DESC", new { ids })).ToList();

    public Task<long> LikeRowsAsync(Guid postId) => ScalarAsync<long>("SELECT count(*) FROM likes WHERE post_id = @postId", new { postId });
    public Task<long> CommentCountAsync(Guid postId) => ScalarAsync<long>("SELECT comment_count FROM post_stats WHERE post_id = @postId", new { postId });

    /// <summary>
    /// Drives the event pipeline (relay and dispatcher, as EventPipeline.DrainAsync does) until every consumer that
    /// handles an event about these posts has processed it. Deliveries are shared by every test host on the database,
    /// and a host that stops mid-batch leaves its claimed rows locked past the frozen clocks of the others; so after a
    /// few rounds the events still unprocessed are handed to ConsumerRunner directly — exactly once, like a redelivery.
    /// </summary>
    public Task SettleAsync(params Guid[] postIds) => new EntityEvents(app, "postId").SettleAsync(postIds);
}

public static class ResponseAssertions
{
    public static async Task EnsureNoContentAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"Expected 204 but got {(int)response.StatusCode}: {body}");
    }
}
