using System.Net;
using System.Text.Json;
using Fowergram.Features.Reels;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Appeals of removed direct messages (docs/messages.md "Removed messages", migration 0179): the thread shows the 'removed'
/// tombstone and nothing of what was said anywhere — pages, one message, searches, previews, both exports — while the takedown
/// keeps it aside; reversed, the message is back as it was (text, edited mark, photo, shared reel and its share count,
/// reactions); upheld, the kept content is forgotten and the photo released; a tombstone its sender unsent cannot come back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MessageAppealTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _dm.Posts;

    private async Task<Guid> TakeDownAsync(TestUser reporter, Guid message)
    {
        var report = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter,
            new { targetType = "message", targetId = message, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await Posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report; // a removal is keyed by the report that made it
    }

    private Task<HttpResponseMessage> AppealAsync(TestUser owner, Guid removal) =>
        Posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", owner, new { message = "It was a joke between friends." });

    private async Task<HttpResponseMessage> DecideAsync(Guid removal, string outcome) =>
        await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", await Posts.ModeratorAsync(), new { outcome });

    private async Task<JsonElement> RemovalAsync(TestUser owner, Guid removal) =>
        await (await Posts.GetAsync($"/api/v1/users/me/removals/{removal}", owner)).ReadJsonAsync();

    private async Task<JsonElement> MessageAsync(TestUser reader, Guid thread, Guid message) =>
        (await _dm.GetJsonAsync($"/api/v1/conversations/{thread}/messages", reader)).GetProperty("items").EnumerateArray()
        .Single(m => m.GetProperty("id").GetGuid() == message);

    private Task<DateTimeOffset?> ReleasedAtAsync(Guid upload) =>
        Posts.ScalarAsync<DateTimeOffset?>("SELECT released_at FROM uploads WHERE id = @upload", new { upload });

    private Task<long> KeptAsync(params Guid[] messages) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM removed_messages WHERE message_id = ANY(@messages)", new { messages });

    /// <summary>Every read either participant has of the thread, as raw JSON: none may hold a word of what was removed.</summary>
    private async Task<string> EverythingShownAsync(TestUser user, Guid thread, Guid message, string term)
    {
        var reads = new List<string>();
        foreach (var path in new[]
                 {
                     $"/api/v1/conversations/{thread}/messages", $"/api/v1/messages/{message}", $"/api/v1/conversations/{thread}",
                     "/api/v1/conversations", $"/api/v1/conversations/{thread}/messages/search?q={term}",
                     $"/api/v1/conversations/messages/search?q={term}", "/api/v1/users/me/export",
                 })
        {
            var read = await _dm.GetJsonAsync(path, user);
            // The export's other sections name the reel for what else happened to it (reports, activity): its threads are read.
            reads.Add((path.EndsWith("/export") ? read.GetProperty("conversations") : read).GetRawText());
        }
        return string.Join('\n', reads);
    }

    [Fact]
    public async Task A_removed_message_shows_nothing_while_removed_and_comes_back_whole_when_reversed()
    {
        var (sender, reader, author) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(reader, sender); // not a request: the reader reacts
        var thread = await _dm.DirectAsync(sender, reader);
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var text = await _dm.SayAsync(sender, thread, $"first {word}");
        (await _dm.SendAsync(HttpMethod.Patch, $"/api/v1/messages/{text}", sender, new { text = $"meet me {word}" })).EnsureSuccessStatusCode();
        var bytes = MediaSamples.Jpeg();
        var slot = await Posts.UploadAsync(sender, bytes, purpose: "message");
        var photo = (await _dm.SendMessageAsync(sender, thread, new { uploadId = slot.UploadId, text = $"look {word}" })).GetProperty("id").GetGuid();
        var reel = await _reels.ReelIdAsync(author, "dance");
        var share = (await _dm.SendMessageAsync(sender, thread, new { sharedReelId = reel, text = $"watch {word}" })).GetProperty("id").GetGuid();
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await _reels.StatAsync(reel, "share_count"));
        (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{text}/reaction", reader, new { emoji = "❤️" })).EnsureSuccessStatusCode();
        (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{photo}/reaction", reader, new { emoji = "😂" })).EnsureSuccessStatusCode();
        (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{photo}/reaction", sender, new { emoji = "🔥" })).EnsureSuccessStatusCode();

        var removals = new List<Guid>();
        foreach (var message in new[] { text, photo, share }) removals.Add(await TakeDownAsync(reader, message));
        await _reels.SettleAsync(reel);
        Assert.Equal(0L, await _reels.StatAsync(reel, "share_count"));

        // The thread shows tombstones, and no read of either side holds a word, the photo or the reel.
        foreach (var who in new[] { sender, reader })
        {
            foreach (var message in new[] { text, photo, share })
            {
                var shown = await MessageAsync(who, thread, message);
                Assert.Equal("removed", shown.GetProperty("type").GetString());
                Assert.False(shown.TryGetProperty("text", out _));
                Assert.False(shown.TryGetProperty("media", out _));
                Assert.Empty(shown.GetProperty("reactions").EnumerateArray());
            }
            Assert.DoesNotContain(word, (await _dm.GetJsonAsync("/api/v1/users/me/export", who)).GetRawText());
            var everything = await EverythingShownAsync(who, thread, text, word);
            Assert.DoesNotContain(word, everything);
            Assert.DoesNotContain(reel.ToString(), everything);
            Assert.DoesNotContain("😂", everything);
        }
        // Its upload is held for the appeal window, not released now as before.
        Assert.True(await ReleasedAtAsync(slot.UploadId) > app.Clock.GetUtcNow().AddDays(1));

        foreach (var removal in removals)
        {
            var listed = await RemovalAsync(sender, removal);
            Assert.Equal("message", listed.GetProperty("targetType").GetString());
            Assert.True(listed.GetProperty("canAppeal").GetBoolean());
            Assert.True(listed.TryGetProperty("appealableUntil", out _));
            Assert.Equal(HttpStatusCode.Created, (await AppealAsync(sender, removal)).StatusCode);
        }
        Assert.Null(await ReleasedAtAsync(slot.UploadId)); // kept while the appeal is open
        // The moderator deciding the appeal sees what was said, and the photo.
        var target = (await (await Posts.GetAsync($"/api/v1/moderation/removal-appeals/{removals[1]}", await Posts.ModeratorAsync())).ReadJsonAsync())
            .GetProperty("target");
        Assert.Equal($"look {word}", target.GetProperty("text").GetString());
        (await app.Client.GetAsync(Assert.Single(target.GetProperty("media").EnumerateArray()).GetProperty("url").GetString())).EnsureSuccessStatusCode();

        foreach (var removal in removals) (await DecideAsync(removal, "reversed")).EnsureSuccessStatusCode();

        var backText = await MessageAsync(reader, thread, text);
        Assert.Equal(("text", $"meet me {word}", true, "❤️"), (backText.GetProperty("type").GetString(), backText.GetProperty("text").GetString(),
            backText.GetProperty("isEdited").GetBoolean(), backText.GetProperty("myReaction").GetString()));
        var backPhoto = await MessageAsync(reader, thread, photo);
        Assert.Equal(("image", $"look {word}", "😂"), (backPhoto.GetProperty("type").GetString(), backPhoto.GetProperty("text").GetString(),
            backPhoto.GetProperty("myReaction").GetString()));
        Assert.Equal(new[] { "😂", "🔥" }.Order(StringComparer.Ordinal),
            backPhoto.GetProperty("reactions").EnumerateArray().Select(r => r.GetProperty("emoji").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(bytes, await (await app.Client.GetAsync(backPhoto.GetProperty("media").GetProperty("url").GetString())).Content.ReadAsByteArrayAsync());
        Assert.Null(await ReleasedAtAsync(slot.UploadId));
        var backShare = await MessageAsync(sender, thread, share);
        Assert.Equal(("reel_share", reel), (backShare.GetProperty("type").GetString(), backShare.GetProperty("sharedReel").GetProperty("id").GetGuid()));
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await _reels.StatAsync(reel, "share_count"));
        Assert.Contains(await _reels.EventsAsync(reel), e => e.Type == ReelEvents.Shared);
        Assert.Equal(0L, await KeptAsync(text, photo, share));
        Assert.Contains(word, await EverythingShownAsync(reader, thread, text, word));
    }

    [Fact]
    public async Task An_upheld_removal_forgets_the_message_and_releases_its_photo()
    {
        var (sender, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        await _dm.Posts.FollowAsync(reader, sender); // not a request: the reader reacts
        var thread = await _dm.DirectAsync(sender, reader);
        var slot = await Posts.UploadAsync(sender, MediaSamples.Jpeg(), purpose: "message");
        var photo = (await _dm.SendMessageAsync(sender, thread, new { uploadId = slot.UploadId, text = "not nice" })).GetProperty("id").GetGuid();
        (await _dm.SendAsync(HttpMethod.Put, $"/api/v1/messages/{photo}/reaction", reader, new { emoji = "😡" })).EnsureSuccessStatusCode();
        var removal = await TakeDownAsync(reader, photo);
        Assert.Equal(1L, await KeptAsync(photo));
        (await AppealAsync(sender, removal)).EnsureSuccessStatusCode();

        (await DecideAsync(removal, "upheld")).EnsureSuccessStatusCode();

        Assert.Equal(0L, await KeptAsync(photo));
        Assert.True(await ReleasedAtAsync(slot.UploadId) <= app.Clock.GetUtcNow());
        Assert.Equal("removed", (await MessageAsync(sender, thread, photo)).GetProperty("type").GetString());
        Assert.False((await RemovalAsync(sender, removal)).GetProperty("canAppeal").GetBoolean());
    }

    [Fact]
    public async Task A_removed_message_whose_row_is_gone_cannot_come_back_and_its_held_photo_is_released()
    {
        var (sender, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(sender, reader);
        var (unsent, appealed) = (await Posts.UploadAsync(sender, MediaSamples.Jpeg(), purpose: "message"),
            await Posts.UploadAsync(sender, MediaSamples.Jpeg(), purpose: "message"));
        var first = (await _dm.SendMessageAsync(sender, thread, new { uploadId = unsent.UploadId })).GetProperty("id").GetGuid();
        var second = (await _dm.SendMessageAsync(sender, thread, new { uploadId = appealed.UploadId })).GetProperty("id").GetGuid();
        var (firstRemoval, secondRemoval) = (await TakeDownAsync(reader, first), await TakeDownAsync(reader, second));
        (await AppealAsync(sender, secondRemoval)).EnsureSuccessStatusCode();

        // Its sender unsends the tombstones: the rows go, with what was kept of them, and the held photos are let go.
        foreach (var message in new[] { first, second })
            Assert.Equal(HttpStatusCode.NoContent, (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{message}", sender)).StatusCode);
        Assert.Equal(0L, await KeptAsync(first, second));
        Assert.True(await ReleasedAtAsync(unsent.UploadId) <= app.Clock.GetUtcNow());
        Assert.True(await ReleasedAtAsync(appealed.UploadId) <= app.Clock.GetUtcNow());

        Assert.False((await RemovalAsync(sender, firstRemoval)).GetProperty("canAppeal").GetBoolean());
        var refused = await (await AppealAsync(sender, firstRemoval)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("can no longer come back", refused.GetProperty("detail").GetString());
        await (await DecideAsync(secondRemoval, "reversed")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("open", (await RemovalAsync(sender, secondRemoval)).GetProperty("appeal").GetProperty("status").GetString());
    }
}
