using Fowergram.Platform.Content;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A thread's place in a member's inbox and its <c>lastActivityAt</c> come from what that member can see: someone added to
/// a group after its last message sees it dated by their joining, not by a message they cannot read (which would also tell
/// them when the group last spoke before them). A one-to-one chat one deleted for oneself and opened again is dated by the
/// reopening the same way, since the messages before it are no longer the reopener's to read.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class JoinedLaterInboxTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);

    [Fact]
    public async Task A_member_added_after_the_last_message_sees_the_group_dated_by_their_joining()
    {
        var (a, b, late) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(b, a);
        await _dm.Posts.FollowAsync(late, b); // late's copy is accepted: it is in their inbox
        var group = await _dm.GroupAsync(a, "plans", b);
        var old = await _dm.SayAsync(a, group, "old news");
        var oldAt = (await _dm.GetJsonAsync($"/api/v1/messages/{old}", a)).GetProperty("createdAt").GetDateTimeOffset();

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var friend = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(late, friend);
        var elsewhereChat = await _dm.DirectAsync(friend, late);
        await _dm.SayAsync(friend, elsewhereChat, "hi");

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var addedAt = Timestamps.Now(app.Clock); // as stored: microseconds
        (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{group}/participants", b, new { userIds = new[] { late.Id } })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([group, elsewhereChat], await _dm.FolderAsync(late));
        var seen = await _dm.ThreadAsync(late, group);
        Assert.Equal(addedAt, seen.GetProperty("lastActivityAt").GetDateTimeOffset());
        Assert.False(seen.TryGetProperty("lastMessage", out _));
        var listed = await _dm.GetJsonAsync("/api/v1/conversations?folder=inbox&limit=1", late);
        Assert.Equal([group], DmClient.Ids(listed));
        Assert.Equal(addedAt, listed.GetProperty("items")[0].GetProperty("lastActivityAt").GetDateTimeOffset());
        var cursor = listed.GetProperty("nextCursor").GetString();
        Assert.Equal([elsewhereChat], DmClient.Ids(await _dm.GetJsonAsync($"/api/v1/conversations?folder=inbox&limit=1&cursor={Uri.EscapeDataString(cursor!)}", late)));
        Assert.Equal(oldAt, (await _dm.ThreadAsync(b, group)).GetProperty("lastActivityAt").GetDateTimeOffset()); // those who read it

        var welcome = await _dm.SayAsync(a, group, "welcome");
        var now = await _dm.ThreadAsync(late, group);
        Assert.Equal(welcome, now.GetProperty("lastMessage").GetProperty("id").GetGuid());
        Assert.Equal(now.GetProperty("lastMessage").GetProperty("createdAt").GetDateTimeOffset(), now.GetProperty("lastActivityAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_one_to_one_chat_deleted_and_reopened_is_dated_by_the_reopening_until_the_next_message()
    {
        var (a, b, chat) = await _dm.FriendsAsync();
        var old = await _dm.SayAsync(a, chat, "old news");
        var oldAt = (await _dm.GetJsonAsync($"/api/v1/messages/{old}", a)).GetProperty("createdAt").GetDateTimeOffset();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/conversations/{chat}/participants/me", b)).EnsureNoContentAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var friend = await _dm.NewUserAsync();
        await _dm.Posts.FollowAsync(b, friend);
        var elsewhereChat = await _dm.DirectAsync(friend, b);
        await _dm.SayAsync(friend, elsewhereChat, "hi");
        Assert.Equal([elsewhereChat], await _dm.FolderAsync(b)); // deleted: not listed at all

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var reopenedAt = Timestamps.Now(app.Clock); // as stored: microseconds
        Assert.Equal(chat, await _dm.DirectAsync(b, a));
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));

        // Above the chat that spoke after "old news": the reopening is the newest thing b saw in it, and the message is not b's to read.
        Assert.Equal([chat, elsewhereChat], await _dm.FolderAsync(b));
        var seen = await _dm.ThreadAsync(b, chat);
        Assert.Equal(reopenedAt, seen.GetProperty("lastActivityAt").GetDateTimeOffset());
        Assert.False(seen.TryGetProperty("lastMessage", out _));
        Assert.Empty(await _dm.MessageIdsAsync(b, chat));
        var listed = await _dm.GetJsonAsync("/api/v1/conversations?folder=inbox&limit=1", b);
        Assert.Equal([chat], DmClient.Ids(listed));
        Assert.Equal(reopenedAt, listed.GetProperty("items")[0].GetProperty("lastActivityAt").GetDateTimeOffset());
        var cursor = listed.GetProperty("nextCursor").GetString();
        Assert.Equal([elsewhereChat], DmClient.Ids(await _dm.GetJsonAsync($"/api/v1/conversations?folder=inbox&limit=1&cursor={Uri.EscapeDataString(cursor!)}", b)));
        Assert.Equal(oldAt, (await _dm.ThreadAsync(a, chat)).GetProperty("lastActivityAt").GetDateTimeOffset()); // the other side keeps its history

        var back = await _dm.SayAsync(a, chat, "welcome back");
        var now = await _dm.ThreadAsync(b, chat);
        Assert.Equal(back, now.GetProperty("lastMessage").GetProperty("id").GetGuid());
        Assert.Equal(now.GetProperty("lastMessage").GetProperty("createdAt").GetDateTimeOffset(), now.GetProperty("lastActivityAt").GetDateTimeOffset());
    }
}
