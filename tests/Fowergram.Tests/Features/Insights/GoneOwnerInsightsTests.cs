using System.Net;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// Who may read insights (docs/insights.md "Routes"): the owner while its account is live. An access token outlives a
/// deleted, deactivated or suspended account by minutes (a token without a session, until it expires); with it the owner
/// reads neither its insights, nor its time spent, nor its activity log and summary (which answered it until 2026-12-07) —
/// a 401, as its export and settings answer — and reads them again once the account is back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneOwnerInsightsTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task A_gone_owners_token_reads_no_insights_and_the_owner_back_reads_them_again(string gone, string back)
    {
        var owner = await _reels.NewUserAsync();
        var post = await _reels.Posts.PostIdAsync(owner, "mine");
        var reel = await _reels.ReelIdAsync(owner);
        var video = await new VideosClient(app).VideoIdAsync(owner);
        var (story, _) = await new StoryClient(app).CreateStoryAsync(new Person(owner.Id, owner.Username));
        string[] paths =
        [
            "/api/v1/users/me/insights", "/api/v1/users/me/insights/active-times", $"/api/v1/posts/{post}/insights",
            $"/api/v1/reels/{reel}/insights", $"/api/v1/videos/{video}/insights", $"/api/v1/stories/{story}/insights",
            "/api/v1/users/me/time-spent", "/api/v1/users/me/activity", "/api/v1/users/me/activity/summary",
        ];

        await _reels.Posts.ExecuteAsync(gone, new { id = owner.Id });
        Assert.Equal(paths.Select(p => (p, HttpStatusCode.Unauthorized)), await StatusesAsync(owner, paths));
        foreach (var path in paths) await (await _reels.GetAsync(path, owner)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await _reels.Posts.ExecuteAsync(back, new { id = owner.Id });
        Assert.Equal(paths.Select(p => (p, HttpStatusCode.OK)), await StatusesAsync(owner, paths));
    }

    private async Task<List<(string, HttpStatusCode)>> StatusesAsync(Media.TestUser owner, string[] paths)
    {
        var statuses = new List<(string, HttpStatusCode)>();
        foreach (var path in paths) statuses.Add((path, (await _reels.GetAsync(path, owner)).StatusCode));
        return statuses;
    }
}
