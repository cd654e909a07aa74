using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Drives the direct-message routes over HTTP; users, follows and blocks come from <see cref="PostsClient"/>.</summary>
public sealed class DmClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);

    public Task<TestUser> NewUserAsync(bool isPrivate = false) => Posts.NewUserAsync(isPrivate);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser? user, object? body = null) =>
        Posts.SendAsync(method, path, user, body);

    public async Task<JsonElement> GetJsonAsync(string path, TestUser user) => await (await Posts.GetAsync(path, user)).ReadJsonAsync();

    /// <summary>Opens the one-to-one thread (201 or 200) or starts a group; returns the thread.</summary>
    public async Task<JsonElement> OpenAsync(TestUser caller, object body)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/conversations", caller, body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync(response.StatusCode);
    }

    public async Task<Guid> DirectAsync(TestUser caller, TestUser other) =>
        (await OpenAsync(caller, new { userIds = new[] { other.Id } })).GetProperty("id").GetGuid();

    /// <summary>Two accounts that follow each other and their one-to-one thread: accepted on both sides, no request.</summary>
    public async Task<(TestUser A, TestUser B, Guid Thread)> FriendsAsync()
    {
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        await Posts.FollowAsync(a, b);
        await Posts.FollowAsync(b, a);
        return (a, b, await DirectAsync(a, b));
    }

    public async Task<Guid> GroupAsync(TestUser creator, string? name, params TestUser[] others) =>
        (await OpenAsync(creator, new { userIds = others.Select(o => o.Id).ToArray(), name })).GetProperty("id").GetGuid();

    public async Task<JsonElement> SendMessageAsync(TestUser sender, Guid conversationId, object body) =>
        await (await SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversationId}/messages", sender, body)).ReadJsonAsync(HttpStatusCode.Created);

    public async Task<Guid> SayAsync(TestUser sender, Guid conversationId, string text)
    {
        var id = (await SendMessageAsync(sender, conversationId, new { text })).GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return id;
    }

    /// <summary>The message ids of a thread page as <paramref name="reader"/> sees it, newest first.</summary>
    public async Task<List<Guid>> MessageIdsAsync(TestUser reader, Guid conversationId) =>
        Ids(await GetJsonAsync($"/api/v1/conversations/{conversationId}/messages", reader));

    public async Task<List<Guid>> FolderAsync(TestUser user, string folder = "inbox") =>
        Ids(await GetJsonAsync($"/api/v1/conversations?folder={folder}&limit=50", user));

    public Task<JsonElement> ThreadAsync(TestUser user, Guid conversationId) => GetJsonAsync($"/api/v1/conversations/{conversationId}", user);

    public static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
