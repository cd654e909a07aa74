using System.Net;
using System.Text.Json;
using Fowergram.Features.Reels;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A remix posted as a trial, then shared: the remixed reel's author hears of it as of any remix (reel_remix), once. An author
/// who follows the remixer could not see the running trial, so reel.created told them nothing; sharing announced the reel to
/// the followers (mentions, new_reel) but not the remix, and they never heard of it (docs/reels.md "Trial reels").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TrialRemixNoticeTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private async Task<Guid> TrialRemixAsync(TestUser remixer, Guid original) =>
        (await (await _reels.CreateAsync(remixer, new
        {
            uploadId = (await _reels.VideoAsync(remixer)).UploadId, durationSeconds = 10, remixOfId = original, trial = true,
        })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<List<JsonElement>> RemixNoticesAsync(TestUser user, Guid remix) =>
        (await (await _reels.GetAsync("/api/v1/notifications", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == ReelNotificationsConsumer.RemixType && n.GetProperty("entityId").GetGuid() == remix)
            .ToList();

    [Fact]
    public async Task A_trial_remix_shared_later_tells_the_originals_author_who_follows_the_remixer_once()
    {
        var (follower, stranger, remixer) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        await _reels.Posts.FollowAsync(follower, remixer);
        var (followersReel, strangersReel) = (await _reels.ReelIdAsync(follower), await _reels.ReelIdAsync(stranger));
        var (toFollower, toStranger) = (await TrialRemixAsync(remixer, followersReel), await TrialRemixAsync(remixer, strangersReel));
        await _reels.SettleAsync(toFollower, toStranger);
        // Running: the follower cannot see the trial, so it tells them nothing; the stranger sees it and hears of it.
        Assert.Empty(await RemixNoticesAsync(follower, toFollower));
        Assert.Single(await RemixNoticesAsync(stranger, toStranger));

        foreach (var trial in new[] { toFollower, toStranger })
            await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{trial}/trial/share", remixer)).ReadJsonAsync(HttpStatusCode.OK);
        await _reels.SettleAsync(toFollower, toStranger);

        var notice = Assert.Single(await RemixNoticesAsync(follower, toFollower));
        Assert.Equal(remixer.Id, notice.GetProperty("actor").GetProperty("id").GetGuid());
        Assert.Single(await RemixNoticesAsync(stranger, toStranger)); // told at creation, not again
        var events = new EngagementEvents(app, _reels.Posts);
        Assert.Equal(1L, await events.NotificationsAsync(follower.Id, ReelNotificationsConsumer.RemixType, toFollower));
        Assert.Equal(1L, await events.NotificationsAsync(stranger.Id, ReelNotificationsConsumer.RemixType, toStranger));
    }

    [Fact]
    public async Task A_trial_shared_that_remixes_nothing_or_the_authors_own_reel_tells_nobody_of_a_remix()
    {
        var author = await _reels.NewUserAsync();
        var own = await _reels.ReelIdAsync(author);
        var (plain, remixOfOwn) = (await _reels.ReelIdAsync(author), await TrialRemixAsync(author, own));
        var trial = (await (await _reels.CreateAsync(author, new { uploadId = (await _reels.VideoAsync(author)).UploadId, durationSeconds = 10, trial = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var id in new[] { trial, remixOfOwn })
            await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{id}/trial/share", author)).ReadJsonAsync(HttpStatusCode.OK);
        await _reels.SettleAsync(plain, trial, remixOfOwn);

        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE type = 'reel_remix' AND entity_id = ANY(@ids)",
            new { ids = new[] { trial, remixOfOwn } }));
    }
}
