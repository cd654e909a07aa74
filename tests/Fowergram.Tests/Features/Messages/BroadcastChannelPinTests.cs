using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>Pinned messages of broadcast channels (docs/messages.md "Broadcast channels"): the owner's, at most three.</summary>
[Collection(ApiCollection.Name)]
public sealed class BroadcastChannelPinTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);
    private PostsClient Posts => _channels.Posts;

    private Task<HttpResponseMessage> PinAsync(TestUser who, Guid channel, Guid message) =>
        Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/{message}/pin", who);

    private Task<HttpResponseMessage> UnpinAsync(TestUser who, Guid channel, Guid message) =>
        Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{message}/pin", who);

    private async Task<List<Guid>> PinnedAsync(TestUser reader, Guid channel) =>
        (await (await Posts.GetAsync($"/api/v1/channels/{channel}/pins", reader)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("id").GetGuid()).ToList();

    private Task<long> PinnedRowsAsync(Guid channel) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM broadcast_channel_messages WHERE channel_id = @channel AND pinned_at IS NOT NULL", new { channel });

    private async Task<Guid[]> PostManyAsync(TestUser owner, Guid channel, int count)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++) ids[i] = await _channels.PostAsync(owner, channel, new { text = $"news {i}" });
        return ids;
    }

    [Fact]
    public async Task The_owner_pins_up_to_three_readers_list_them_newest_pin_first_and_deleting_one_unpins_it()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var m = await PostManyAsync(owner, channel, 4);
        foreach (var message in m[..3])
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await (await PinAsync(owner, channel, message)).EnsureNoContentAsync();
        }
        await (await PinAsync(owner, channel, m[0])).EnsureNoContentAsync(); // pinned already: its place stays
        var full = await (await PinAsync(owner, channel, m[3])).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("3", full.GetProperty("detail").GetString());

        Assert.Equal([m[2], m[1], m[0]], await PinnedAsync(member, channel));
        var listed = await _channels.MessagesAsync(member, channel);
        Assert.True(listed.Single(x => x.GetProperty("id").GetGuid() == m[0]).TryGetProperty("pinnedAt", out _));
        Assert.False(listed.Single(x => x.GetProperty("id").GetGuid() == m[3]).TryGetProperty("pinnedAt", out _));

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{m[1]}", owner)).EnsureNoContentAsync();
        Assert.Equal([m[2], m[0]], await PinnedAsync(member, channel));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await PinAsync(owner, channel, m[3])).EnsureNoContentAsync();
        await (await UnpinAsync(owner, channel, m[0])).EnsureNoContentAsync();
        await (await UnpinAsync(owner, channel, m[0])).EnsureNoContentAsync(); // not pinned any more: still 204
        Assert.Equal([m[3], m[2]], await PinnedAsync(owner, channel));
    }

    [Fact]
    public async Task Only_the_owner_pins_visitors_read_no_pins_and_an_ended_channel_takes_no_new_pin_but_may_lose_one()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var visitor = await Posts.NewUserAsync();
        var message = await _channels.PostAsync(cohost, channel, new { text = "pin me" });
        var other = await _channels.PostAsync(owner, channel, new { text = "and me" });

        await (await PinAsync(cohost, channel, message)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await PinAsync(member, channel, message)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await PinAsync(visitor, channel, message)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await PinAsync(owner, channel, Guid.CreateVersion7())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/messages/not-an-id/pin", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await UnpinAsync(owner, channel, Guid.CreateVersion7())).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await PinnedRowsAsync(channel));

        await (await PinAsync(owner, channel, message)).EnsureNoContentAsync(); // a co-host's message, pinned by the owner
        await (await UnpinAsync(cohost, channel, message)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await Posts.GetAsync($"/api/v1/channels/{channel}/pins", visitor)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([message], await PinnedAsync(cohost, channel));

        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/end", owner)).EnsureSuccessStatusCode();
        await (await PinAsync(owner, channel, other)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await UnpinAsync(owner, channel, message)).EnsureNoContentAsync();
        Assert.Empty(await PinnedAsync(member, channel));
    }

    [Fact]
    public async Task Pins_at_once_never_pass_three()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        var messages = await PostManyAsync(owner, channel, 6);
        var answers = await Task.WhenAll(messages.Select(message => PinAsync(owner, channel, message)));
        Assert.Equal([204, 204, 204, 409, 409, 409], answers.Select(a => (int)a.StatusCode).Order());
        Assert.Equal(3L, await PinnedRowsAsync(channel));
    }

    [Fact]
    public async Task A_pin_of_a_sender_the_owner_blocked_is_hidden_from_everyone_and_uncounted_until_the_block_is_lifted()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var byCohost = await _channels.PostAsync(cohost, channel, new { text = "from the co-host" });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await PinAsync(owner, channel, byCohost)).EnsureNoContentAsync();
        await Posts.BlockAsync(owner, cohost);

        Assert.Empty(await PinnedAsync(member, channel));
        var listed = (await _channels.MessagesAsync(member, channel)).Single(x => x.GetProperty("id").GetGuid() == byCohost);
        Assert.False(listed.TryGetProperty("pinnedAt", out _)); // the member still reads the message, not as pinned
        var owners = await PostManyAsync(owner, channel, 3);
        foreach (var message in owners)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await (await PinAsync(owner, channel, message)).EnsureNoContentAsync(); // the hidden pin leaves room for three
        }
        Assert.Equal([owners[2], owners[1], owners[0]], await PinnedAsync(member, channel));
        Assert.Equal(4L, await PinnedRowsAsync(channel)); // kept, for when the block goes

        await Posts.ExecuteAsync("DELETE FROM blocks WHERE blocker_id = @owner AND blocked_id = @cohost", new { owner = owner.Id, cohost = cohost.Id });
        // Back, over the cap as a reinstated message's pin can be: the three newest pins show, and no new one fits.
        Assert.Equal([owners[2], owners[1], owners[0]], await PinnedAsync(member, channel));
        Assert.True((await _channels.MessagesAsync(member, channel)).Single(x => x.GetProperty("id").GetGuid() == byCohost).TryGetProperty("pinnedAt", out _));
        await (await UnpinAsync(owner, channel, owners[2])).EnsureNoContentAsync();
        Assert.Equal([owners[1], owners[0], byCohost], await PinnedAsync(member, channel));
        var another = await _channels.PostAsync(owner, channel, new { text = "one more" });
        await (await PinAsync(owner, channel, another)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_pin_of_a_sender_who_blocked_the_owner_is_hidden_too()
    {
        var (owner, member, channel) = await _channels.WithMemberAsync();
        var cohost = await _channels.CohostAsync(owner, channel);
        var byCohost = await _channels.PostAsync(cohost, channel, new { text = "from the co-host" });
        await (await PinAsync(owner, channel, byCohost)).EnsureNoContentAsync();
        await Posts.BlockAsync(cohost, owner);
        Assert.Empty(await PinnedAsync(member, channel));
    }

    [Fact]
    public async Task Pins_racing_deletes_of_their_messages_never_answer_a_500()
    {
        var (owner, _, channel) = await _channels.WithMemberAsync();
        for (var round = 0; round < 10; round++)
        {
            var message = await _channels.PostAsync(owner, channel, new { text = $"round {round}" });
            var answers = await Task.WhenAll(PinAsync(owner, channel, message),
                Posts.SendAsync(HttpMethod.Delete, $"/api/v1/channels/{channel}/messages/{message}", owner));
            await answers[1].EnsureNoContentAsync();
            if (answers[0].StatusCode != HttpStatusCode.NoContent) await answers[0].AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0L, await PinnedRowsAsync(channel));
    }
}
