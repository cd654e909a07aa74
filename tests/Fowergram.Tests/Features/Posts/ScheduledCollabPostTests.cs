using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Collaborators of scheduled posts (docs/posts.md "Scheduled posts", "Collab posts"): named when scheduling, checked then as
/// POST /posts checks them, invited when the post is published, skipping those who may no longer be invited. The job
/// publishes every due post of the database and the tests move the clock, so the class has a database of its own.
/// </summary>
public sealed class ScheduledCollabPostTests(ScratchDatabaseApp host) : IClassFixture<ScratchDatabaseApp>
{
    private const string Path = ScheduledPostsDriver.Path;
    private readonly ScheduledPostsDriver _driver = new(host.App);
    private FeedWorld _w => _driver.World;

    private async Task<HttpResponseMessage> ScheduleAsync(TestUser author, Guid upload, params string[] collaborators) =>
        await _w.SendAsync(HttpMethod.Post, Path, author, new
        {
            publishAt = _w.Now + TimeSpan.FromHours(1), caption = "together, later", media = new[] { new { uploadId = upload } }, collaborators,
        });

    private async Task<Guid> OnlyPostAsync(TestUser author) =>
        Assert.Single((await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/users/{author.Username}/posts", _w.Fresh(author))).ReadJsonAsync())
            .GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();

    private async Task<List<(string Username, string State)>> CollaboratorsAsync(TestUser author, Guid postId) =>
        (await (await _w.SendAsync(HttpMethod.Get, $"/api/v1/posts/{postId}/collaborators", _w.Fresh(author))).ReadJsonAsync())
        .GetProperty("items").EnumerateArray()
        .Select(c => (c.GetProperty("user").GetProperty("username").GetString()!, c.GetProperty("state").GetString()!)).ToList();

    [Fact]
    public async Task Collaborators_named_when_scheduling_are_invited_when_it_is_published()
    {
        var (author, bo) = (await _w.UserAsync(), await _w.UserAsync());
        var scheduled = await (await ScheduleAsync(author, await _driver.PhotoAsync(author), "@" + bo.Username.ToUpperInvariant()))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal([bo.Username.ToUpperInvariant()], scheduled.GetProperty("collaborators").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0L, await _driver.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id", new { id = bo.Id }));
        var exported = Assert.Single((await (await _w.SendAsync(HttpMethod.Get, "/api/v1/users/me/export", author)).ReadJsonAsync())
            .GetProperty("scheduledPosts").EnumerateArray());
        Assert.Equal([bo.Username.ToUpperInvariant()], exported.GetProperty("collaborators").EnumerateArray().Select(c => c.GetString()));

        host.App.Clock.Advance(TimeSpan.FromHours(1));
        await _driver.RunJobAsync();

        var postId = await OnlyPostAsync(author);
        Assert.Equal([(bo.Username, "pending")], await CollaboratorsAsync(author, postId));
        Assert.Equal(1L, await _driver.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE user_id = @id AND type = 'collab_invite' AND entity_id = @postId", new { id = bo.Id, postId }));
        var accepted = await (await _w.SendAsync(HttpMethod.Post, $"/api/v1/users/me/collab-invitations/{postId}/accept", _w.Fresh(bo)))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([bo.Username], accepted.GetProperty("collaborators").EnumerateArray().Select(c => c.GetProperty("username").GetString()));
    }

    [Fact]
    public async Task A_name_that_cannot_be_invited_is_a_400_naming_it_and_nothing_is_scheduled_or_claimed()
    {
        var (author, bo, blocker) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.BlockAsync(blocker, author);
        foreach (var (names, field) in new[]
                 {
                     (new[] { bo.Username, "nobody_" + Guid.NewGuid().ToString("N")[..8] }, "collaborators[1]"),
                     (new[] { blocker.Username }, "collaborators[0]"),
                     (new[] { author.Username }, "collaborators[0]"),
                     (new[] { bo.Username, bo.Username }, "collaborators[1]"),
                     (new[] { "" }, "collaborators[0]"),
                 })
        {
            var upload = await _driver.PhotoAsync(author);
            await (await ScheduleAsync(author, upload, names)).AssertValidationErrorAsync(field);
            Assert.Equal("pending", await _driver.Media.StatusInDatabaseAsync(upload)); // the claim rolled back
        }
        Assert.Empty((await (await _w.SendAsync(HttpMethod.Get, Path, author)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task One_who_may_no_longer_be_invited_when_it_is_published_is_left_out_and_the_post_still_goes_out()
    {
        var (author, bo, cy) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var id = (await (await ScheduleAsync(author, await _driver.PhotoAsync(author), bo.Username, cy.Username)).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        await _w.BlockAsync(cy, author);

        var published = await (await _w.SendAsync(HttpMethod.Post, $"{Path}/{id}/publish", author)).ReadJsonAsync(HttpStatusCode.Created);

        var postId = published.GetProperty("id").GetGuid();
        Assert.Equal([(bo.Username, "pending")], await CollaboratorsAsync(author, postId));
        Assert.Equal(0L, await _driver.ScalarAsync<long>("SELECT count(*) FROM post_collaborators WHERE user_id = @id", new { id = cy.Id }));
    }
}
