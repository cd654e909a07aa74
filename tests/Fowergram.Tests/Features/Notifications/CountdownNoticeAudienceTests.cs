using System.Net;
using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A countdown_ended notice carries the countdown's title, the story's own words, and names its author as its entity: the
/// inbox shows it (and counts it unread) only while the reader is still in the story's audience, as the job checked when it
/// wrote it (docs/social-graph.md "Notifications", read-time rules). Before, only the author's profile was asked at read time,
/// so a friend dropped from close friends, a follower who left a private account, someone the stories were hidden from
/// since, or a story deleted by its author still showed its title.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CountdownNoticeAudienceTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == StoryCountdownsJob.JobName);

    private async Task<List<JsonElement>> CountdownNoticesAsync(Person reader) =>
        (await _client.GetJsonAsync("/api/v1/notifications?limit=50", reader)).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == "countdown_ended").ToList();

    private async Task<long> UnreadAsync(Person reader) =>
        (await _client.GetJsonAsync("/api/v1/notifications/unread-count", reader)).GetProperty("count").GetInt64();

    /// <summary>A story of <paramref name="owner"/> with a countdown that <paramref name="reminded"/> asked to hear of, ended and announced.</summary>
    private async Task<Guid> AnnouncedAsync(Person owner, string audience, string title, params Person[] reminded)
    {
        var (story, _) = await _client.CreateStoryAsync(owner, audience: audience,
            fields: new { countdown = new { title, endsAt = app.Clock.GetUtcNow().AddHours(3) } });
        foreach (var who in reminded)
            Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/countdown/reminder", who)).StatusCode);
        await _client.ExecAsync("""
            UPDATE story_countdowns SET created_at = @now - interval '5 hours', ends_at = @now - interval '1 hour' WHERE story_id = @story
            """, new { story, now = app.Clock.GetUtcNow() });
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        return story;
    }

    [Fact]
    public async Task A_countdown_notice_leaves_the_inbox_of_whoever_the_storys_audience_no_longer_holds()
    {
        var owner = await _client.NewUserAsync(isPrivate: true);
        var (friend, dropped, hidden, leaver) =
            (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        foreach (var who in new[] { friend, dropped, hidden, leaver }) await _client.FollowAsync(who, owner);
        foreach (var who in new[] { friend, dropped, hidden }) await _client.CloseFriendAsync(owner, who);
        await AnnouncedAsync(owner, "close_friends", "Secret party", friend, dropped, hidden);
        await AnnouncedAsync(owner, "public", "Members only", leaver);
        foreach (var who in new[] { friend, dropped, hidden, leaver })
        {
            Assert.Single(await CountdownNoticesAsync(who));
            Assert.Equal(1L, await UnreadAsync(who));
        }

        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/close-friends/{dropped.Username}", owner)).StatusCode);
        await _client.HideStoriesFromAsync(owner, hidden);
        await _client.ExecAsync("DELETE FROM follows WHERE follower_id = @a AND following_id = @b", new { a = leaver.Id, b = owner.Id });

        // Still there for the friend, the story long expired: a countdown may end days after its story.
        Assert.Equal($"{owner.Username}'s countdown \"Secret party\" has ended.",
            Assert.Single(await CountdownNoticesAsync(friend)).GetProperty("text").GetString());
        foreach (var who in new[] { dropped, hidden, leaver })
        {
            Assert.Empty(await CountdownNoticesAsync(who));
            Assert.Equal(0L, await UnreadAsync(who));
        }
    }

    [Fact]
    public async Task A_countdown_notice_goes_with_its_deleted_story_and_no_other_countdown_of_the_author_shows_it()
    {
        var owner = await _client.NewUserAsync();
        var (fan, other) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.CloseFriendAsync(owner, other);
        var story = await AnnouncedAsync(owner, "public", "Launch day", fan);
        // A close-friends story of the same author with the same title, ended in the same run, is no way back in.
        await AnnouncedAsync(owner, "close_friends", "Launch day", other);
        var notice = Assert.Single(await CountdownNoticesAsync(fan)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner)).StatusCode);

        Assert.Empty(await CountdownNoticesAsync(fan));
        Assert.Equal(0L, await UnreadAsync(fan));
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/notifications/{notice}/read", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
