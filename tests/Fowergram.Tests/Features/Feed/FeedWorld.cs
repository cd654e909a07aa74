using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// Everything a feed test does, the way clients do it: posts through the posts routes (uploads first),
/// follows, blocks, mutes and privacy through the social and account routes, the feed over HTTP. Rows
/// are written directly only where no route can (posts older than the clock allows, posts kept out of
/// the pipeline for a host with its own fan-out threshold), with the event the posts area raises.
/// </summary>
internal sealed class FeedWorld(FowergramApp app)
{
    private readonly MediaClient _media = new(app);

    public DateTimeOffset Now => app.Clock.GetUtcNow();

    /// <summary>The host's own database (the shared test database, or a scratch one).</summary>
    public NpgsqlDataSource Db => app.Services.GetRequiredService<NpgsqlDataSource>();

    public Task<TestUser> UserAsync() => _media.NewUserAsync();

    /// <summary>The same account with a token issued now (after the clock moved past its lifetime).</summary>
    public TestUser Fresh(TestUser user) => _media.WithFreshToken(user);

    /// <summary>A post through POST /posts, one clock tick after the previous one (the feed's order is then defined).</summary>
    public async Task<Guid> PostAsync(TestUser author, string? caption = null, int media = 1, bool likesDisabled = false)
    {
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var items = new List<object>();
        for (var i = 0; i < media; i++)
        {
            var video = i == 1;
            var (slot, _) = await _media.UploadedAsync(author, "post", video ? "video/mp4" : "image/jpeg", video ? MediaSamples.Mp4(durationSeconds: 15) : MediaSamples.Jpeg());
            items.Add(new { uploadId = slot.UploadId, altText = $"photo {i}", width = 1080, height = 1350 + i, durationSeconds = video ? 15 : (int?)null });
        }
        var response = await SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = items, caption = caption ?? "a post", location = "Chiang Mai", likesDisabled });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public Task DeletePostAsync(TestUser author, Guid post) => ExpectAsync(HttpMethod.Delete, $"/api/v1/posts/{post}", author);
    public Task ArchivePostAsync(TestUser author, Guid post) => ExpectAsync(HttpMethod.Post, $"/api/v1/posts/{post}/archive", author);
    public Task UnarchivePostAsync(TestUser author, Guid post) => ExpectAsync(HttpMethod.Post, $"/api/v1/posts/{post}/unarchive", author);
    public Task LikeAsync(TestUser user, Guid post) => ExpectAsync(HttpMethod.Put, $"/api/v1/posts/{post}/like", user);
    public Task SaveAsync(TestUser user, Guid post) => ExpectAsync(HttpMethod.Put, $"/api/v1/posts/{post}/save", user);

    /// <summary>PUT /users/{username}/follow; a request to a private account is approved by its owner.</summary>
    public async Task FollowAsync(TestUser follower, TestUser following)
    {
        if (await RequestFollowAsync(follower, following) == "requested")
            await ExpectAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{follower.Username}/approve", following);
    }

    /// <summary>PUT /users/{username}/follow, left as it is: "following", or "requested" for a private account.</summary>
    public async Task<string> RequestFollowAsync(TestUser follower, TestUser following) =>
        (await (await SendAsync(HttpMethod.Put, $"/api/v1/users/{following.Username}/follow", follower)).ReadJsonAsync()).GetProperty("status").GetString()!;

    public Task UnfollowAsync(TestUser follower, TestUser following) => ExpectAsync(HttpMethod.Delete, $"/api/v1/users/{following.Username}/follow", follower);
    public Task RemoveFollowerAsync(TestUser followed, TestUser follower) =>
        ExpectAsync(HttpMethod.Delete, $"/api/v1/users/me/followers/{follower.Username}", followed);
    public Task BlockAsync(TestUser blocker, TestUser blocked) => ExpectAsync(HttpMethod.Put, $"/api/v1/users/{blocked.Username}/block", blocker);
    public Task UnblockAsync(TestUser blocker, TestUser blocked) => ExpectAsync(HttpMethod.Delete, $"/api/v1/users/{blocked.Username}/block", blocker);
    public Task UnmuteAsync(TestUser muter, TestUser muted) => ExpectAsync(HttpMethod.Delete, $"/api/v1/users/{muted.Username}/mute", muter);

    public async Task MuteAsync(TestUser muter, TestUser muted, bool posts = true, bool stories = false) =>
        await (await SendAsync(HttpMethod.Put, $"/api/v1/users/{muted.Username}/mute", muter, new { posts, stories })).ReadJsonAsync();

    public async Task SetPrivateAsync(TestUser user, bool isPrivate) =>
        await (await SendAsync(HttpMethod.Patch, "/api/v1/users/me", user, new { isPrivate })).ReadJsonAsync();

    /// <summary>
    /// A post row <paramref name="ago"/> before the host's clock (no route can backdate one), with its
    /// stats and one photo from a claimed upload, as the posts area writes them; post.created is raised
    /// when <paramref name="raise"/>.
    /// </summary>
    public async Task<Guid> PostRowAsync(TestUser author, TimeSpan ago, bool raise = true)
    {
        var createdAt = Now - ago;
        var (id, upload) = (Guid.CreateVersion7(createdAt), Guid.CreateVersion7(createdAt));
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO posts (id, user_id, caption, created_at, updated_at) VALUES (@id, @author, 'an older post', @createdAt, @createdAt);
            INSERT INTO post_stats (post_id) VALUES (@id);
            INSERT INTO uploads (id, user_id, purpose, content_type, declared_size, blob_name, status, actual_size, created_at, expires_at, used_at)
            VALUES (@upload, @author, 'post', 'image/jpeg', 1000, @name, 'used', 1000, @createdAt, @createdAt + interval '10 minutes', @createdAt);
            INSERT INTO post_media (id, post_id, upload_id, blob_name, content_type, media_type, display_order)
            VALUES (gen_random_uuid(), @id, @upload, @name, 'image/jpeg', 'image', 0);
            """, new { id, author = author.Id, createdAt, upload, name = $"post/{author.Id:D}/{upload:D}" }, tx);
        if (raise)
            await Outbox.EnqueueAsync(conn, tx, app.Clock, "post.created", author.Id,
                new { postId = id, authorId = author.Id, createdAt, entityType = "post", entityId = id }, default);
        await tx.CommitAsync();
        return id;
    }

    /// <summary>post.created for a post written with <see cref="PostRowAsync"/> without it: an event delivered late.</summary>
    public async Task RaisePostCreatedAsync(TestUser author, Guid post)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var createdAt = await conn.ExecuteScalarAsync<DateTime>("SELECT created_at FROM posts WHERE id = @post", new { post }, tx);
        await Outbox.EnqueueAsync(conn, tx, app.Clock, "post.created", author.Id,
            new { postId = post, authorId = author.Id, createdAt, entityType = "post", entityId = post }, default);
        await tx.CommitAsync();
    }

    /// <summary>
    /// A block as its transaction leaves the rows (the follows both ways ended, the block written) with only block.created
    /// delivered so far: the follow.deleted events it raised too are taken later (another consumer instance).
    /// </summary>
    public async Task BlockRowAsync(TestUser blocker, TestUser blocked)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("""
            DELETE FROM follows WHERE (follower_id = @a AND following_id = @b) OR (follower_id = @b AND following_id = @a);
            INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (@a, @b, @now);
            """, new { a = blocker.Id, b = blocked.Id, now = Now }, tx);
        await Outbox.EnqueueAsync(conn, tx, app.Clock, "block.created", blocker.Id,
            new { blockerId = blocker.Id, blockedId = blocked.Id, entityType = "user", entityId = blocked.Id }, default);
        await tx.CommitAsync();
    }

    public Task DrainAsync() => app.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(60));

    /// <summary>One page over HTTP (asserts 200): the items and the next cursor.</summary>
    public async Task<(List<JsonElement> Items, string? NextCursor)> PageAsync(TestUser reader, int? limit = null, string? cursor = null)
    {
        var query = new List<string>();
        if (limit is not null) query.Add($"limit={limit}");
        if (cursor is not null) query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        var url = "/api/v1/feed" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var body = await (await app.Client.GetAsync(url, reader.Token)).ReadJsonAsync(HttpStatusCode.OK);
        // A last page has no nextCursor (nulls are left out of every answer).
        var next = body.TryGetProperty("nextCursor", out var value) ? value.GetString() : null;
        return (body.GetProperty("items").EnumerateArray().ToList(), next);
    }

    /// <summary>Every page, following nextCursor (at most 50 pages).</summary>
    public async Task<List<Guid>> FeedAsync(TestUser reader, int limit = 50)
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

    public async Task<long> EntriesAsync(Guid reader, Guid? author = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM feed_entries WHERE user_id = @reader AND (@author::uuid IS NULL OR author_id = @author)", new { reader, author });
    }

    /// <summary>A follow row with no event: for hosts whose pipeline is off (large accounts need no backfill).</summary>
    public async Task FollowRowAsync(TestUser follower, TestUser following)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO follows (follower_id, following_id) VALUES (@a, @b)", new { a = follower.Id, b = following.Id });
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, TestUser user, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        return app.Client.SendWithTokenAsync(request, user.Token);
    }

    private async Task ExpectAsync(HttpMethod method, string url, TestUser user)
    {
        var response = await SendAsync(method, url, user);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
