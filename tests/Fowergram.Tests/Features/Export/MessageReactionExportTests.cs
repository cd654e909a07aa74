using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Export;

/// <summary>
/// The export's messageReactions name only messages the account can still read, as its conversations section holds them:
/// in a thread it is still in, from its joining on, not vanished. Until 2026-12-07 every reaction row was written, so a
/// group left, a chat deleted for oneself or a message that vanished still showed up, by id (and so, a UUID v7, by time),
/// in the reactions after its thread had left the export.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MessageReactionExportTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    private async Task<List<Guid>> ReactedAsync(TestUser user) =>
        (await (await _dm.Posts.GetAsync("/api/v1/users/me/export", user)).ReadJsonAsync()).GetProperty("messageReactions").EnumerateArray()
            .Select(r => r.GetProperty("messageId").GetGuid()).ToList();

    private async Task ReactAsync(TestUser user, Guid message) =>
        Assert.Equal(HttpStatusCode.OK, (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{message}/reaction", user, new { emoji = "❤️" })).StatusCode);

    [Fact]
    public async Task Reactions_in_a_group_left_or_a_chat_deleted_for_oneself_are_not_exported()
    {
        var (a, b, direct) = await _dm.FriendsAsync();
        var c = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(c, a); // so that the group is no message request for c, who may then react
        var group = await _dm.GroupAsync(a, "g", b, c);
        var inGroup = await _dm.SayAsync(a, group, "hello group");
        var inDirect = await _dm.SayAsync(a, direct, "hello you");
        await ReactAsync(b, inGroup);
        await ReactAsync(b, inDirect);
        await ReactAsync(c, inGroup);
        Assert.Equal([inGroup, inDirect], await ReactedAsync(b));

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{group}/participants/me", b)).EnsureNoContentAsync();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{direct}/participants/me", b)).EnsureNoContentAsync();
        Assert.Empty((await (await _dm.Posts.GetAsync("/api/v1/users/me/export", b)).ReadJsonAsync()).GetProperty("conversations").EnumerateArray());

        Assert.Empty(await ReactedAsync(b));
        Assert.Equal([inGroup], await ReactedAsync(c)); // still in the group: kept
    }

    [Fact]
    public async Task A_reaction_to_a_message_that_vanished_is_not_exported()
    {
        var (a, b, thread) = await _dm.FriendsAsync();
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/vanish-mode", a)).EnsureNoContentAsync();
        var vanishing = await _dm.SayAsync(a, thread, "gone once read");
        await ReactAsync(b, vanishing);
        await (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/conversations/{thread}/read", b, new { messageId = vanishing })).EnsureNoContentAsync();
        Assert.Equal([vanishing], await ReactedAsync(b));

        // Vanish mode off: what was read while it was on has vanished for both.
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{thread}/vanish-mode", a)).EnsureNoContentAsync();
        Assert.DoesNotContain(vanishing, await _dm.MessageIdsAsync(b, thread));

        Assert.Empty(await ReactedAsync(b));
    }
}
