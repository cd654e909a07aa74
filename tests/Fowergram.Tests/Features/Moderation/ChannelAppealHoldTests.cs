using System.Net;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Removed channel messages and channels as time passes (docs/messages.md "Removed channel messages", "Removed channels"), on
/// a database of its own since the clock moves: their photos outlast media-cleanup's grace until the appeal window ends;
/// then message-vanish forgets what a message's takedown kept, media-cleanup deletes the photos and appeals are refused.
/// </summary>
public sealed class ChannelAppealHoldTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Window = new ModerationOptions().AppealWindow;
    private static readonly TimeSpan UploadGrace = TimeSpan.FromMinutes(5);
    private readonly PostsClient _posts = new(scratch.App);

    private Task RunAsync(string job) => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == job)
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task Removed_channel_photos_outlast_the_grace_until_the_window_ends_and_then_go_with_what_was_kept()
    {
        var steps = new ChannelSteps(_posts);
        var (messageCast, channelCast) = (await steps.ChannelAsync(), await steps.ChannelAsync());
        var (messagePhoto, channelPhoto) = (await _posts.UploadAsync(messageCast.Owner, MediaSamples.Jpeg(), purpose: "message"),
            await _posts.UploadAsync(channelCast.Owner, MediaSamples.Jpeg(), purpose: "message"));
        var message = await steps.PostAsync(messageCast.Owner, messageCast.Channel, new { uploadId = messagePhoto.UploadId });
        await steps.PostAsync(channelCast.Owner, channelCast.Channel, new { uploadId = channelPhoto.UploadId });
        var messageRemoval = await steps.TakeDownAsync(messageCast.Member, "channel_message", message);
        var channelRemoval = await steps.TakeDownAsync(channelCast.Member, "broadcast_channel", channelCast.Channel);

        scratch.App.Clock.Advance(UploadGrace + TimeSpan.FromMinutes(1));
        await RunAsync("message-vanish");
        await RunAsync("media-cleanup");
        Assert.True(await _posts.Media.ObjectExistsAsync(messageCast.Owner, messagePhoto.UploadId, "message"));
        Assert.True(await _posts.Media.ObjectExistsAsync(channelCast.Owner, channelPhoto.UploadId, "message"));

        scratch.App.Clock.Advance(Window + UploadGrace);
        await RunAsync("message-vanish");
        await RunAsync("media-cleanup");
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM removed_channel_messages WHERE message_id = @message", new { message }));
        Assert.False(await _posts.Media.ObjectExistsAsync(messageCast.Owner, messagePhoto.UploadId, "message"));
        Assert.False(await _posts.Media.ObjectExistsAsync(channelCast.Owner, channelPhoto.UploadId, "message"));
        foreach (var (owner, removal) in new[] { (messageCast.Owner, messageRemoval), (channelCast.Owner, channelRemoval) })
        {
            await (await steps.AppealAsync(_posts.Media.WithFreshToken(owner), removal)).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.False((await (await _posts.GetAsync($"/api/v1/users/me/removals/{removal}", _posts.Media.WithFreshToken(owner))).ReadJsonAsync())
                .GetProperty("canAppeal").GetBoolean());
            // Final, and hidden for good, but never silently: the owner's list still says what went, when and why.
            var listed = (await (await _posts.GetAsync("/api/v1/users/me/removals", _posts.Media.WithFreshToken(owner))).ReadJsonAsync())
                .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == removal);
            Assert.Equal("spam", listed.GetProperty("reason").GetString());
            Assert.Contains("community guidelines on spam", listed.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.False(listed.GetProperty("canAppeal").GetBoolean());
        }
    }
}
