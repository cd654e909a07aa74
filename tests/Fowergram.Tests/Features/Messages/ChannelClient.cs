using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Broadcast channels over HTTP for tests: a channel with a member, a co-host, messages posted and read.</summary>
public sealed class ChannelClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);

    /// <summary>The items of a channel list without a cursor (suggested, trending) as <paramref name="caller"/> gets them.</summary>
    public async Task<List<JsonElement>> ItemsAsync(string pathAndQuery, TestUser caller) =>
        (await (await Posts.GetAsync(pathAndQuery, caller)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    /// <summary>The ids among <paramref name="mine"/> that such a list holds, in its order.</summary>
    public async Task<List<Guid>> IdsAmongAsync(string pathAndQuery, TestUser caller, params Guid[] mine) =>
        (await ItemsAsync(pathAndQuery, caller)).Select(i => i.GetProperty("id").GetGuid()).Where(mine.Contains).ToList();

    public async Task<Guid> CreateAsync(TestUser owner, string name = "Drops") =>
        (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name, description = "News first" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>A new owner's new channel, joined by a new member.</summary>
    public async Task<(TestUser Owner, TestUser Member, Guid Channel)> WithMemberAsync()
    {
        var owner = await Posts.NewUserAsync();
        var member = await Posts.NewUserAsync();
        var channel = await CreateAsync(owner);
        await (await JoinAsync(member, channel)).EnsureNoContentAsync();
        return (owner, member, channel);
    }

    /// <summary>A new account the owner invited to co-host the channel, and which accepted.</summary>
    public async Task<TestUser> CohostAsync(TestUser owner, Guid channel)
    {
        var cohost = await Posts.NewUserAsync();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/cohosts/{cohost.Username}", owner)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/cohost/accept", cohost)).ReadJsonAsync();
        return cohost;
    }

    public async Task<Guid> PostAsync(TestUser sender, Guid channel, object body) =>
        (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", sender, body))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> JoinAsync(TestUser user, Guid channel) =>
        Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/join", user);

    public async Task<List<JsonElement>> MessagesAsync(TestUser reader, Guid channel) =>
        (await (await Posts.GetAsync($"/api/v1/channels/{channel}/messages", reader)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public Task<long> MessageRowsAsync(Guid channel) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_messages WHERE channel_id = @channel", new { channel });
}
