using System.Net;
using System.Text.Json;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>A user made for a social test: inserted directly (registration is Accounts' concern) with a real access token.</summary>
public sealed record SocialUser(Guid Id, string Username, string Token);

/// <summary>
/// Users, HTTP calls and database reads for the social graph tests, on one <see cref="FowergramApp"/>.
/// Users are inserted straight into <c>users</c> and given tokens by the app's own <see cref="AccessTokens"/>,
/// which keeps tests with hundreds of users fast; everything else goes through the API.
/// </summary>
public sealed class SocialWorld(FowergramApp app)
{
    public HttpClient Client => app.Client;

    public async Task<SocialUser> UserAsync(bool isPrivate = false, string label = "s", string fullName = "Social Tester")
    {
        var id = Guid.CreateVersion7();
        var username = $"{label}{id.ToString("N")[^14..]}";
        await ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, full_name, is_private)
            VALUES (@id, @email, @username, 'x', @fullName, @isPrivate)
            """, new { id, email = username + "@example.com", username, fullName, isPrivate });
        var token = app.Services.GetRequiredService<AccessTokens>().Issue(id, username).Token;
        return new SocialUser(id, username, token);
    }

    public async Task<List<SocialUser>> UsersAsync(int count, bool isPrivate = false)
    {
        var users = new List<SocialUser>();
        for (var i = 0; i < count; i++) users.Add(await UserAsync(isPrivate));
        return users;
    }

    public Task DrainAsync() => app.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(60));

    /// <summary>
    /// The order of a list whose entries were made by these users at one instant (the shared test clock
    /// stands still): by id, descending, as PostgreSQL compares uuids (byte order = hex string order).
    /// </summary>
    public static List<Guid> NewestFirst(IEnumerable<SocialUser> users) =>
        users.Select(u => u.Id).OrderByDescending(id => id.ToString("N"), StringComparer.Ordinal).ToList();

    // --- HTTP -----------------------------------------------------------------------------------

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, SocialUser? as_, object? body = null) =>
        Client.SendJsonAsync(method, url, body, as_?.Token);

    public Task<HttpResponseMessage> GetAsync(string url, SocialUser? as_) => Client.GetAsync(url, as_?.Token);

    public async Task<string> FollowAsync(SocialUser who, SocialUser whom)
    {
        var body = await (await SendAsync(HttpMethod.Put, $"/api/v1/users/{whom.Username}/follow", who)).ReadJsonAsync();
        return body.GetProperty("status").GetString()!;
    }

    public async Task UnfollowAsync(SocialUser who, SocialUser whom) =>
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/v1/users/{whom.Username}/follow", who), HttpStatusCode.NoContent);

    public async Task ApproveAsync(SocialUser target, SocialUser requester) =>
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{requester.Username}/approve", target),
            HttpStatusCode.NoContent);

    /// <summary>Follows, approving the request when the account is private: an approved follower either way.</summary>
    public async Task FollowApprovedAsync(SocialUser who, SocialUser whom)
    {
        if (await FollowAsync(who, whom) == "requested") await ApproveAsync(whom, who);
    }

    public async Task BlockAsync(SocialUser who, SocialUser whom) =>
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/v1/users/{whom.Username}/block", who), HttpStatusCode.NoContent);

    public async Task MuteAsync(SocialUser who, SocialUser whom, bool posts = true, bool stories = true) =>
        await (await SendAsync(HttpMethod.Put, $"/api/v1/users/{whom.Username}/mute", who, new { posts, stories })).ReadJsonAsync();

    /// <summary>"Mute notes" (docs/notes.md): the account's notes out of the tray, nothing else.</summary>
    public async Task MuteNotesAsync(SocialUser who, SocialUser whom) =>
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/v1/users/{whom.Username}/mute/notes", who), HttpStatusCode.NoContent);

    public async Task AddCloseFriendAsync(SocialUser owner, SocialUser friend) =>
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{friend.Username}", owner), HttpStatusCode.NoContent);

    public async Task<JsonElement> ProfileAsync(SocialUser whose, SocialUser? viewer) =>
        await (await GetAsync($"/api/v1/users/{whose.Username}", viewer)).ReadJsonAsync();

    /// <summary>The ids of a list's items (asserts 200).</summary>
    public async Task<List<Guid>> IdsAsync(string url, SocialUser? viewer) =>
        (await (await GetAsync(url, viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid()).ToList();

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
    }

    // --- Database -------------------------------------------------------------------------------

    public static async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static async Task<int> ExecuteAsync(string sql, object? args = null)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteAsync(sql, args);
    }

    public static Task<bool> FollowsAsync(SocialUser who, SocialUser whom) =>
        ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = @a AND following_id = @b)", new { a = who.Id, b = whom.Id });

    public static Task<bool> RequestedAsync(SocialUser who, SocialUser whom) =>
        ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM follow_requests WHERE requester_id = @a AND target_id = @b)", new { a = who.Id, b = whom.Id });

    /// <summary>(followers, following) from user_stats, zeros when there is no row.</summary>
    public static async Task<(long Followers, long Following)> CountsAsync(SocialUser user)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long, long)>("""
            SELECT coalesce(max(follower_count), 0), coalesce(max(following_count), 0) FROM user_stats WHERE user_id = @id
            """, new { id = user.Id });
    }

    /// <summary>(followers, following) counted from the follows rows.</summary>
    public static async Task<(long Followers, long Following)> TrueCountsAsync(SocialUser user)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(long, long)>("""
            SELECT (SELECT count(*) FROM follows WHERE following_id = @id), (SELECT count(*) FROM follows WHERE follower_id = @id)
            """, new { id = user.Id });
    }

    /// <summary>How many events of this type the user raised (the outbox is the record of every event).</summary>
    public static Task<long> EventsAsync(string type, SocialUser actor) =>
        ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = @type AND actor_id = @id", new { type, id = actor.Id });

    public static Task<long> NotificationsAsync(SocialUser recipient, SocialUser actor, string type) =>
        ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @r AND actor_id = @a AND type = @type",
            new { r = recipient.Id, a = actor.Id, type });
}
