using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// No moderator judges their own case (docs/moderation.md "Moderators"): closing a report about their own content or account,
/// or deciding the appeal of a removal of their own content, is a 403 that changes nothing, and another moderator does it.
/// Before, a moderator could dismiss every report about their own post, or reverse the removal of it another made.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OwnCaseTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<Guid> ReportAsync(string kind, Guid id) =>
        (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(), new { targetType = kind, targetId = id, reason = "spam" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> ResolveAsync(TestUser moderator, Guid report, object body) =>
        _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator, body);

    private Task<string> StatusAsync(Guid report) => _posts.ScalarAsync<string>("SELECT status FROM reports WHERE id = @report", new { report });

    [Fact]
    public async Task A_moderator_cannot_close_reports_about_their_own_post_or_account()
    {
        var (suspect, other) = (await _posts.ModeratorAsync(), await _posts.ModeratorAsync());
        var post = await _posts.PostIdAsync(suspect);
        var (ofPost, ofAccount) = (await ReportAsync("post", post), await ReportAsync("user", suspect.Id));

        await (await ResolveAsync(suspect, ofPost, new { outcome = "dismissed" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ResolveAsync(suspect, ofPost, new { outcome = "actioned", remove = true })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ResolveAsync(suspect, ofAccount, new { outcome = "dismissed" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(("open", "open"), (await StatusAsync(ofPost), await StatusAsync(ofAccount)));
        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync($"/api/v1/posts/{post}", await _posts.NewUserAsync())).StatusCode);

        (await ResolveAsync(other, ofPost, new { outcome = "dismissed" })).EnsureSuccessStatusCode();
        (await ResolveAsync(other, ofAccount, new { outcome = "dismissed" })).EnsureSuccessStatusCode();
        Assert.Equal(("dismissed", "dismissed"), (await StatusAsync(ofPost), await StatusAsync(ofAccount)));
    }

    [Fact]
    public async Task A_moderator_cannot_decide_the_appeal_of_their_own_contents_removal()
    {
        var (owner, other) = (await _posts.ModeratorAsync(), await _posts.ModeratorAsync());
        var post = await _posts.PostIdAsync(owner);
        var removal = await ReportAsync("post", post);
        (await ResolveAsync(other, removal, new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", owner, new { message = "Mine is fine." }))
            .EnsureSuccessStatusCode();

        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", owner, new { outcome = "reversed" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("open", await _posts.ScalarAsync<string>("SELECT appeal_status FROM content_removals WHERE report_id = @removal", new { removal }));
        await (await _posts.GetAsync($"/api/v1/posts/{post}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);

        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", other, new { outcome = "upheld" }))
            .EnsureSuccessStatusCode();
    }
}
