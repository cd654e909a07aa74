using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Search;

/// <summary>
/// GET /search/channels (docs/messages.md "Finding channels"): live broadcast channels by the words of their name and
/// description, each one the caller may see, for accounts only. Every test searches words of its own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelSearchTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);
    private PostsClient Posts => _channels.Posts;

    private static string Word() => "kw" + Guid.NewGuid().ToString("N")[..10];

    private async Task<List<Guid>> SearchAsync(string q, TestUser caller, string extra = "") =>
        (await (await Posts.GetAsync($"/api/v1/search/channels?q={Uri.EscapeDataString(q)}{extra}", caller)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private async Task<Guid> ChannelAsync(TestUser owner, string name, string? description = null)
    {
        var id = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name, description }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // newest first is the order of creation
        return id;
    }

    [Fact]
    public async Task Live_channels_are_found_by_their_name_and_description_by_whoever_may_see_them()
    {
        var (sneakers, drops) = (Word(), Word());
        var (owner, privateOwner, follower, blocked, reader) = (await Posts.NewUserAsync(), await Posts.NewUserAsync(isPrivate: true),
            await Posts.NewUserAsync(), await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var named = await ChannelAsync(owner, $"{sneakers} club");
        var described = await ChannelAsync(owner, "Weekly", $"All the {sneakers} {drops}");
        var ended = await ChannelAsync(owner, $"{sneakers} archive");
        var hidden = await ChannelAsync(privateOwner, $"{sneakers} insiders");
        var removed = await ChannelAsync(owner, $"{sneakers} spam");
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{ended}/end", owner)).EnsureSuccessStatusCode();
        await (await _channels.JoinAsync(reader, removed)).EnsureNoContentAsync();
        await new ChannelSteps(Posts).TakeDownAsync(reader, "broadcast_channel", removed);
        await Posts.FollowAsync(follower, privateOwner);
        await Posts.BlockAsync(owner, blocked);

        Assert.Equal([described, named], await SearchAsync(sneakers, reader));
        Assert.Equal([described], await SearchAsync($"{drops} {sneakers}", reader));
        Assert.Equal([hidden, described, named], await SearchAsync(sneakers, follower));
        Assert.Empty(await SearchAsync(sneakers, blocked));
        Assert.DoesNotContain(ended, await SearchAsync(sneakers, owner)); // an ended channel is on its owner's list, not found

        var first = await (await Posts.GetAsync($"/api/v1/search/channels?q={sneakers}&limit=1", reader)).ReadJsonAsync();
        Assert.Equal(named, (await SearchAsync(sneakers, reader, $"&limit=1&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}")).Single());
    }

    [Fact]
    public async Task Sorted_by_relevance_a_channel_with_more_members_comes_before_an_equal_match()
    {
        var (vinyl, jazz) = (Word(), Word());
        var owner = await Posts.NewUserAsync();
        var popular = await ChannelAsync(owner, $"{jazz} {vinyl}");
        var quiet = await ChannelAsync(owner, $"{jazz} {vinyl}");
        var weak = await ChannelAsync(owner, $"{vinyl} nights", $"and far far far far far far far far away some {jazz}");
        foreach (var _ in Enumerable.Range(0, 3)) await (await _channels.JoinAsync(await Posts.NewUserAsync(), popular)).EnsureNoContentAsync();
        var reader = await Posts.NewUserAsync();

        Assert.Equal([popular, quiet, weak], await SearchAsync($"{vinyl} {jazz}", reader, "&sort=relevant"));
        Assert.Equal([weak, quiet, popular], await SearchAsync($"{vinyl} {jazz}", reader));
    }

    [Fact]
    public async Task A_guest_is_a_401() =>
        await (await Posts.GetAsync("/api/v1/search/channels?q=drops", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
}
