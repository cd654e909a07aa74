using System.Net;
using System.Text.Json;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// Reels and long-form videos shared in direct messages (migration 0083): the sender must see what they share, each reader
/// sees the card only while they may see it themselves, and the share counts (reel_stats / igtv_stats.share_count) are
/// recounted by reel-counters and igtv-counters on every send and unsend.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MessageReelVideoShareTests(FowergramApp app)
{
    private readonly DmClient _dm = new(app);
    private readonly ReelsClient _reels = new(app);
    private readonly VideosClient _videos = new(app);

    private Task<JsonElement> MessageAsync(Guid messageId, TestUser reader) => _dm.GetJsonAsync($"/api/v1/messages/{messageId}", reader);

    [Fact]
    public async Task A_shared_reel_shows_to_readers_who_may_see_it_and_its_share_count_follows_sends_and_unsends()
    {
        var author = await _dm.NewUserAsync();
        var sharer = await _dm.NewUserAsync();
        var reader = await _dm.NewUserAsync();
        var reel = await _reels.ReelIdAsync(author, "dance");
        var direct = await _dm.DirectAsync(sharer, reader);
        var group = await _dm.GroupAsync(sharer, "crew", reader, author);

        var sent = await _dm.SendMessageAsync(sharer, direct, new { sharedReelId = reel, text = "watch this" });
        var again = (await _dm.SendMessageAsync(sharer, group, new { sharedReelId = reel })).GetProperty("id").GetGuid();
        await _reels.SettleAsync(reel);

        Assert.Equal(("reel_share", reel), (sent.GetProperty("type").GetString(), sent.GetProperty("sharedReel").GetProperty("id").GetGuid()));
        var card = (await MessageAsync(sent.GetProperty("id").GetGuid(), reader)).GetProperty("sharedReel");
        Assert.Equal("dance", card.GetProperty("caption").GetString());
        Assert.StartsWith("http", card.GetProperty("video").GetProperty("url").GetString());
        Assert.Equal(2, card.GetProperty("shareCount").GetInt32());
        Assert.Equal(2L, await _reels.StatAsync(reel, "share_count"));

        // The reader loses sight of the reel (a block by its author): the message stays, its card goes.
        await _dm.Posts.BlockAsync(author, reader);
        var hidden = await MessageAsync(sent.GetProperty("id").GetGuid(), reader);
        Assert.Equal(("reel_share", "watch this"), (hidden.GetProperty("type").GetString(), hidden.GetProperty("text").GetString()));
        Assert.False(hidden.TryGetProperty("sharedReel", out _));
        Assert.Equal(reel, (await MessageAsync(again, author)).GetProperty("sharedReel").GetProperty("id").GetGuid());

        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{again}", sharer)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await _reels.StatAsync(reel, "share_count"));
        Assert.Contains(await _reels.EventsAsync(reel), e => e.Type == ReelEvents.Unshared);
    }

    /// <summary>
    /// Reliability checklist 4 for messages: a share's and an unshare's events delivered again, out of order and at once,
    /// leave the share count at the messages that carry the reel (reel-counters recounts; its processed marker drops repeats).
    /// </summary>
    [Fact]
    public async Task Share_events_delivered_twice_and_out_of_order_leave_the_true_share_count()
    {
        var (author, sharer, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, "twice");
        var direct = await _dm.DirectAsync(sharer, reader);
        await _dm.SendMessageAsync(sharer, direct, new { sharedReelId = reel });
        var unsent = (await _dm.SendMessageAsync(sharer, direct, new { sharedReelId = reel })).GetProperty("id").GetGuid();
        await (await _dm.SendAsync(HttpMethod.Delete, $"/api/v1/messages/{unsent}", sharer)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);
        Assert.Equal(1L, await _reels.StatAsync(reel, "share_count"));

        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        var events = (await _reels.EventsAsync(reel)).Where(e => e.Type is ReelEvents.Shared or ReelEvents.Unshared).ToList();
        Assert.Equal(3, events.Count);
        foreach (var e in Enumerable.Reverse(events)) await runner.RunAsync(ReelCountersConsumer.ConsumerName, e, CancellationToken.None);
        await Task.WhenAll(events.Concat(events).Select(e => runner.RunAsync(ReelCountersConsumer.ConsumerName, e, CancellationToken.None)));

        Assert.Equal(1L, await _reels.StatAsync(reel, "share_count"));
    }

    [Fact]
    public async Task A_shared_video_is_shown_only_while_published_and_visible_and_counted_by_igtv_counters()
    {
        var author = await _dm.NewUserAsync();
        var sharer = await _dm.NewUserAsync();
        var reader = await _dm.NewUserAsync();
        var video = await _videos.VideoIdAsync(author, "Episode one");
        var direct = await _dm.DirectAsync(sharer, reader);

        var sent = (await _dm.SendMessageAsync(sharer, direct, new { sharedVideoId = video })).GetProperty("id").GetGuid();
        await _videos.SettleAsync(video);

        var card = (await MessageAsync(sent, reader)).GetProperty("sharedVideo");
        Assert.Equal(("Episode one", 1), (card.GetProperty("title").GetString(), card.GetProperty("shareCount").GetInt32()));
        Assert.Single(await _videos.EventsAsync(video), e => e.Type == VideoEvents.Shared);

        // Unpublished, it is a draft only its author sees: the card goes for the others.
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/unpublish", author)).ReadJsonAsync();
        var hidden = await MessageAsync(sent, reader);
        Assert.Equal("video_share", hidden.GetProperty("type").GetString());
        Assert.False(hidden.TryGetProperty("sharedVideo", out _));
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{direct}/messages", sharer, new { sharedVideoId = video }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task What_the_sender_may_not_see_cannot_be_shared_and_one_message_carries_one_thing()
    {
        var sharer = await _dm.NewUserAsync();
        var reader = await _dm.NewUserAsync();
        var direct = await _dm.DirectAsync(sharer, reader);
        var locked = await _dm.NewUserAsync(isPrivate: true);
        var hiddenReel = await _reels.ReelIdAsync(locked);
        var hiddenVideo = await _videos.VideoIdAsync(locked);
        var reel = await _reels.ReelIdAsync(reader);
        var before = await _dm.MessageIdsAsync(sharer, direct);

        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{direct}/messages", sharer, new { sharedReelId = hiddenReel }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{direct}/messages", sharer, new { sharedVideoId = hiddenVideo }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{direct}/messages", sharer, new { sharedReelId = Guid.NewGuid() }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _dm.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{direct}/messages", sharer, new { sharedReelId = reel, sharedVideoId = hiddenVideo }))
            .AssertValidationErrorAsync("uploadId");

        Assert.Equal(before, await _dm.MessageIdsAsync(sharer, direct));
        Assert.Equal(0L, await _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM messages WHERE shared_reel_id = ANY(@ids) OR shared_video_id = @hiddenVideo",
            new { ids = new[] { hiddenReel, reel }, hiddenVideo }));
    }
}
