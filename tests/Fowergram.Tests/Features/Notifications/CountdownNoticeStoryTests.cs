using System.Net;
using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A countdown_ended notice names its story (storyId, migration 0264) beside its entity, the author, and its message, the
/// title: two countdowns of one author with one title, announced in the same job run, are two notices the client and the
/// inbox tell apart (docs/stories.md "Countdown"). Before, only the author, the title and the time named the countdown, so a
/// reader in one story's audience kept both notices, and the grouped inbox folded every countdown notice of a day into one.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CountdownNoticeStoryTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == StoryCountdownsJob.JobName);

    private async Task<List<JsonElement>> CountdownNoticesAsync(Person reader, bool grouped = false) =>
        (await _client.GetJsonAsync($"/api/v1/notifications?limit=50&group={(grouped ? "true" : "false")}", reader)).GetProperty("items")
            .EnumerateArray().Where(n => n.GetProperty("type").GetString() == "countdown_ended").ToList();

    /// <summary>A story of <paramref name="owner"/> with a countdown that <paramref name="reminded"/> asked to hear of, ended (not yet announced).</summary>
    private async Task<Guid> EndedAsync(Person owner, string audience, string title, params Person[] reminded)
    {
        var (story, _) = await _client.CreateStoryAsync(owner, audience: audience,
            fields: new { countdown = new { title, endsAt = app.Clock.GetUtcNow().AddHours(3) } });
        foreach (var who in reminded)
            Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/countdown/reminder", who)).StatusCode);
        await _client.ExecAsync("""
            UPDATE story_countdowns SET created_at = @now - interval '5 hours', ends_at = @now - interval '1 hour' WHERE story_id = @story
            """, new { story, now = app.Clock.GetUtcNow() });
        return story;
    }

    [Fact]
    public async Task Two_countdowns_of_one_author_with_one_title_announced_together_are_told_apart_by_their_story()
    {
        var owner = await _client.NewUserAsync();
        var friend = await _client.NewUserAsync();
        await _client.FollowAsync(friend, owner);
        await _client.CloseFriendAsync(owner, friend);
        var forFriends = await EndedAsync(owner, "close_friends", "Launch day", friend);
        var forAll = await EndedAsync(owner, "public", "Launch day", friend);
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None); // one run: same title, same time

        var notices = await CountdownNoticesAsync(friend);
        Assert.Equal(2, notices.Count);
        Assert.Equal(new[] { forAll, forFriends }.Order(), notices.Select(n => n.GetProperty("storyId").GetGuid()).Order());
        foreach (var notice in notices)
        {
            // What clients read before stays as it was: the author as entity, the title as message.
            Assert.Equal("user", notice.GetProperty("entityType").GetString());
            Assert.Equal(owner.Id, notice.GetProperty("entityId").GetGuid());
            Assert.Equal("Launch day", notice.GetProperty("message").GetString());
        }

        // Out of close friends, the friend is out of one story's audience: that story's notice leaves, the other stays.
        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/close-friends/{friend.Username}", owner)).StatusCode);
        Assert.Equal(forAll, Assert.Single(await CountdownNoticesAsync(friend)).GetProperty("storyId").GetGuid());
    }

    [Fact]
    public async Task The_grouped_inbox_keeps_each_countdown_notice_with_its_own_title()
    {
        var (ann, bob, fan) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var annStory = await EndedAsync(ann, "public", "Album drop", fan);
        var bobStory = await EndedAsync(bob, "public", "Tour starts", fan);
        var annNext = await EndedAsync(ann, "public", "Encore", fan);
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

        var grouped = await CountdownNoticesAsync(fan, grouped: true);

        Assert.Equal(3, grouped.Count);
        Assert.All(grouped, n => Assert.False(n.TryGetProperty("others", out _)));
        Assert.Equal(
            new[] { $"{ann.Username}'s countdown \"Album drop\" has ended.", $"{ann.Username}'s countdown \"Encore\" has ended.",
                    $"{bob.Username}'s countdown \"Tour starts\" has ended." }.Order(StringComparer.Ordinal),
            grouped.Select(n => n.GetProperty("text").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { annStory, annNext, bobStory }.Order(), grouped.Select(n => n.GetProperty("storyId").GetGuid()).Order());
    }
}
