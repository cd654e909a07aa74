using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A group message's reactions count while their reactors could still take them back: members in the group now who can see
/// the message. Someone who leaves or is removed stops counting (and coming back later does not bring them back: the message
/// lies before their new joining); a one-to-one deleted for oneself keeps counting, as it is only one's own copy.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ExMemberReactionTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private Task<HttpResponseMessage> ReactAsync(TestUser user, Guid messageId, string emoji) =>
        _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{messageId}/reaction", user, new { emoji });

    private static List<(string Emoji, int Count)> Counts(JsonElement message) =>
        message.GetProperty("reactions").EnumerateArray().Select(r => (r.GetProperty("emoji").GetString()!, r.GetProperty("count").GetInt32())).ToList();

    private async Task<List<(string, int)>> CountsAsync(TestUser reader, Guid group, Guid message)
    {
        var one = Counts(await _dm.GetJsonAsync($"/api/v1/messages/{message}", reader));
        var page = (await _dm.GetJsonAsync($"/api/v1/conversations/{group}/messages", reader)).GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("id").GetGuid() == message);
        Assert.Equal(one, Counts(page));
        var found = (await _dm.GetJsonAsync($"/api/v1/conversations/{group}/messages/search?q=landing", reader)).GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("id").GetGuid() == message);
        Assert.Equal(one, Counts(found));
        return one;
    }

    [Fact]
    public async Task A_member_who_leaves_or_is_removed_stops_counting_and_coming_back_does_not_count_again()
    {
        var (a, b, c, d) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        foreach (var member in new[] { b, c, d }) await _dm.Posts.FollowAsync(member, a);
        var group = await _dm.GroupAsync(a, "Trip", b, c, d);
        var message = await _dm.SayAsync(a, group, "landing at 9");
        foreach (var member in new[] { b, c, d }) (await ReactAsync(member, message, "❤️")).EnsureSuccessStatusCode();
        (await ReactAsync(a, message, "👍")).EnsureSuccessStatusCode();
        Assert.Equal([("❤️", 3), ("👍", 1)], await CountsAsync(a, group, message));

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{group}/participants/me", c)).EnsureNoContentAsync();
        Assert.Equal([("❤️", 2), ("👍", 1)], await CountsAsync(a, group, message));
        Assert.Equal([("❤️", 2), ("👍", 1)], await CountsAsync(b, group, message));

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{group}/participants/{b.Id}", a)).EnsureNoContentAsync();
        Assert.Equal([("❤️", 1), ("👍", 1)], await CountsAsync(d, group, message));

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{group}/participants", a, new { userIds = new[] { b.Id, c.Id } })).EnsureSuccessStatusCode();
        Assert.Equal([("❤️", 1), ("👍", 1)], await CountsAsync(a, group, message));
    }

    [Fact]
    public async Task Deleting_a_one_to_one_for_oneself_keeps_ones_reaction_counted_for_the_other()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        var message = await _dm.SayAsync(a, thread, "landing at 9");
        (await ReactAsync(b, message, "❤️")).EnsureSuccessStatusCode();

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/participants/me", b)).EnsureNoContentAsync();

        Assert.Equal([("❤️", 1)], await CountsAsync(a, thread, message));
    }
}
