using System.Net;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// A removed message's photo and kept content as time passes (docs/messages.md "Removed messages"), on a database of its own
/// since the clock moves: the photo outlasts media-cleanup's grace until the appeal window ends; then message-vanish forgets
/// what was kept, media-cleanup deletes the photo and an appeal is refused, while an appeal made in time holds both.
/// </summary>
public sealed class MessageAppealHoldTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Window = new ModerationOptions().AppealWindow;
    private static readonly TimeSpan UploadGrace = TimeSpan.FromMinutes(5);
    private readonly DmClient _dm = new(scratch.App);

    private TestUser Fresh(TestUser user) => _dm.Posts.Media.WithFreshToken(user);

    private Task RunAsync(string job) => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == job)
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<Guid> TakeDownAsync(TestUser reporter, Guid message)
    {
        var report = (await (await _dm.Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", reporter,
            new { targetType = "message", targetId = message, reason = "nudity" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _dm.Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", Fresh(await _dm.Posts.ModeratorAsync()),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    private Task<HttpResponseMessage> AppealAsync(TestUser owner, Guid removal) =>
        _dm.Posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", Fresh(owner), new { message = "It is art." });

    private Task<long> KeptAsync(Guid message) =>
        _dm.Posts.ScalarAsync<long>("SELECT count(*) FROM removed_messages WHERE message_id = @message", new { message });

    [Fact]
    public async Task A_removed_messages_photo_outlasts_the_grace_until_the_window_ends_and_then_goes_with_what_was_kept()
    {
        var (sender, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var thread = await _dm.DirectAsync(sender, reader);
        var (lapsed, appealed) = (await _dm.Posts.UploadAsync(sender, MediaSamples.Jpeg(), purpose: "message"),
            await _dm.Posts.UploadAsync(sender, MediaSamples.Jpeg(), purpose: "message"));
        var first = (await _dm.SendMessageAsync(sender, thread, new { uploadId = lapsed.UploadId })).GetProperty("id").GetGuid();
        var second = (await _dm.SendMessageAsync(sender, thread, new { uploadId = appealed.UploadId })).GetProperty("id").GetGuid();
        var (firstRemoval, secondRemoval) = (await TakeDownAsync(reader, first), await TakeDownAsync(reader, second));
        (await AppealAsync(sender, secondRemoval)).EnsureSuccessStatusCode();

        scratch.App.Clock.Advance(UploadGrace + TimeSpan.FromMinutes(1));
        await RunAsync("message-vanish");
        await RunAsync("media-cleanup");
        Assert.True(await _dm.Posts.Media.ObjectExistsAsync(sender, lapsed.UploadId, "message")); // an unsend would have let it go
        Assert.Equal(1L, await KeptAsync(first));

        scratch.App.Clock.Advance(Window + UploadGrace);
        await RunAsync("message-vanish");
        await RunAsync("media-cleanup");
        Assert.Equal(0L, await KeptAsync(first));
        Assert.False(await _dm.Posts.Media.ObjectExistsAsync(sender, lapsed.UploadId, "message"));
        await (await AppealAsync(sender, firstRemoval)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await (await _dm.Posts.GetAsync($"/api/v1/users/me/removals/{firstRemoval}", Fresh(sender))).ReadJsonAsync())
            .GetProperty("canAppeal").GetBoolean());

        // The one appealed in time is whole, and reversed long after the window it is back with its photo.
        Assert.Equal(1L, await KeptAsync(second));
        Assert.True(await _dm.Posts.Media.ObjectExistsAsync(sender, appealed.UploadId, "message"));
        (await _dm.Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{secondRemoval}/decide", Fresh(await _dm.Posts.ModeratorAsync()),
            new { outcome = "reversed" })).EnsureSuccessStatusCode();
        var back = await _dm.GetJsonAsync($"/api/v1/messages/{second}", Fresh(reader));
        Assert.Equal("image", back.GetProperty("type").GetString());
        (await scratch.App.Client.GetAsync(back.GetProperty("media").GetProperty("url").GetString())).EnsureSuccessStatusCode();
    }
}
