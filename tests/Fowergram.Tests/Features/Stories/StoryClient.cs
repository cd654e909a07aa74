using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Stories;

public sealed record Person(Guid Id, string Username);

/// <summary>
/// Drives the stories API of one host the way a client would. Users and social-graph rows are inserted
/// directly (those APIs belong to other areas); tokens are issued per request by the host's own clock, so
/// they stay valid when a test moves it.
/// </summary>
public sealed class StoryClient(FowergramApp app)
{
    public FowergramApp App => app;
    public MediaClient Media { get; } = new(app);
    public NpgsqlDataSource Db => app.Services.GetRequiredService<NpgsqlDataSource>();

    public async Task<Person> NewUserAsync(bool isPrivate = false)
    {
        var id = Guid.CreateVersion7();
        var username = "s" + id.ToString("N")[..24];
        await ExecAsync("INSERT INTO users (id, email, username, hashed_password, is_private) VALUES (@id, @email, @username, 'x', @isPrivate)",
            new { id, email = username + "@example.com", username, isPrivate });
        return new Person(id, username);
    }

    public string TokenOf(Person who) => app.Services.GetRequiredService<AccessTokens>().Issue(who.Id, who.Username).Token;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Person? who, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        if (who is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(who));
        return app.Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, Person? who) => SendAsync(HttpMethod.Get, path, who);

    public async Task<JsonElement> GetJsonAsync(string path, Person? who, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await GetAsync(path, who)).ReadJsonAsync(expected);

    /// <summary>An uploaded, unclaimed story slot of <paramref name="who"/>; a video lasts <paramref name="videoSeconds"/>.</summary>
    public async Task<Guid> UploadAsync(Person who, string purpose = "story", string contentType = "image/jpeg", int videoSeconds = 10)
    {
        var bytes = contentType.StartsWith("video/", StringComparison.Ordinal) ? MediaSamples.Mp4(durationSeconds: videoSeconds) : MediaSamples.Jpeg();
        var (slot, _) = await Media.UploadedAsync(new TestUser(who.Id, who.Username, TokenOf(who)), purpose, contentType, bytes);
        return slot.UploadId;
    }

    /// <summary>Uploads an image and creates a story with it; <paramref name="fields"/> adds or overrides body members.</summary>
    public async Task<(Guid Id, JsonElement Body)> CreateStoryAsync(Person author, string audience = "public", object? fields = null)
    {
        var body = new Dictionary<string, object?> { ["uploadId"] = await UploadAsync(author), ["audience"] = audience };
        if (fields is not null)
            foreach (var p in JsonSerializer.SerializeToElement(fields, JsonSerializerOptions.Web).EnumerateObject()) body[p.Name] = p.Value;
        var json = await (await SendAsync(HttpMethod.Post, "/api/v1/stories", author, body)).ReadJsonAsync(HttpStatusCode.Created);
        return (json.GetProperty("id").GetGuid(), json);
    }

    public Task FollowAsync(Person follower, Person following) =>
        ExecAsync("INSERT INTO follows (follower_id, following_id) VALUES (@a, @b)", new { a = follower.Id, b = following.Id });

    public Task RequestFollowAsync(Person requester, Person target) =>
        ExecAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = requester.Id, b = target.Id });

    public Task CloseFriendAsync(Person owner, Person friend) =>
        ExecAsync("INSERT INTO close_friends (user_id, friend_id) VALUES (@a, @b)", new { a = owner.Id, b = friend.Id });

    /// <summary>Through the route, which is what makes the owner's choice (docs/stories.md "Hiding stories from someone").</summary>
    public async Task HideStoriesFromAsync(Person owner, Person viewer)
    {
        var response = await SendAsync(HttpMethod.Put, $"/api/v1/users/me/stories/hidden-from/{viewer.Username}", owner);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public Task BlockAsync(Person blocker, Person blocked) =>
        ExecAsync("INSERT INTO blocks (blocker_id, blocked_id) VALUES (@a, @b)", new { a = blocker.Id, b = blocked.Id });

    public Task MuteAsync(Person muter, Person muted, bool posts = false, bool stories = true) =>
        ExecAsync("INSERT INTO mutes (muter_id, muted_id, mute_posts, mute_stories) VALUES (@a, @b, @posts, @stories)",
            new { a = muter.Id, b = muted.Id, posts, stories });

    public async Task ExecAsync(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }

    /// <summary>
    /// Drives the pipeline, then waits until the stories consumers have processed every event about these
    /// stories (another host's dispatcher may hold some) — including post-notifications, which also
    /// receives user.mentioned — and fails on a dead letter.
    /// </summary>
    public async Task SettleAsync(params Guid[] storyIds)
    {
        await app.Services.GetRequiredService<EventPipeline>().DrainAsync();
        var ids = storyIds.Select(i => i.ToString()).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var dead = await QueryAsync<string>("""
                SELECT d.consumer || ': ' || d.error FROM dead_letters d JOIN outbox o ON o.id = d.event_id
                 WHERE o.payload->>'storyId' = ANY(@ids)
                """, new { ids });
            Assert.True(dead.Count == 0, string.Join("\n", dead));
            var pending = await ScalarAsync<long>("""
                SELECT count(*) FROM outbox o
                 CROSS JOIN (VALUES ('story-counters', ARRAY['story.created', 'story.deleted', 'story.restored', 'story.viewed', 'story.reacted', 'story.poll_voted', 'story.slider_responded', 'story.quiz_answered']),
                                    ('story-notifications', ARRAY['story.created', 'story.reacted', 'user.mentioned']),
                                    ('post-notifications', ARRAY['user.mentioned'])) AS c (consumer, types)
                 WHERE o.payload->>'storyId' = ANY(@ids) AND o.type = ANY(c.types)
                   AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = c.consumer AND p.event_id = o.id)
                """, new { ids });
            if (pending == 0) return;
            Assert.True(DateTime.UtcNow < deadline, $"{pending} story event(s) were not processed within 30 s.");
            await Task.Delay(25);
        }
    }

    /// <summary>GETs a media URL the API handed out (the host serves it, as Blob Storage would).</summary>
    public Task<HttpResponseMessage> FetchMediaAsync(string url) => app.Client.GetAsync(url);
}
