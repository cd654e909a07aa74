using System.Net;
using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// The "add yours" notice (migration 0152): the chain's starter hears of each story that joins it, when that story is theirs to
/// see (story-notifications, docs/stories.md "Stickers"); never of their own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryAddYoursNoticeTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private static object Start(string prompt) => new { addYours = new { prompt } };

    private static object Join(Guid storyId) => new { addYours = new { storyId } };

    private Task<List<(Guid ActorId, Guid EntityId, string Message)>> NoticesOfAsync(Person starter) =>
        _client.QueryAsync<(Guid ActorId, Guid EntityId, string Message)>(
            "SELECT actor_id, entity_id, message FROM notifications WHERE user_id = @id AND type = 'add_yours' ORDER BY created_at, id",
            new { id = starter.Id });

    [Fact]
    public async Task The_starter_hears_of_each_story_that_joins_the_chain_from_any_of_its_stories_but_never_of_their_own()
    {
        var (starter, friend, other) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var (first, _) = await _client.CreateStoryAsync(starter, fields: Start("Your first car"));
        var (second, _) = await _client.CreateStoryAsync(friend, fields: Join(first));
        var (third, _) = await _client.CreateStoryAsync(other, fields: Join(second)); // joined from the friend's story
        var (fourth, _) = await _client.CreateStoryAsync(friend, fields: Join(first)); // one may add more than one
        var (own, _) = await _client.CreateStoryAsync(starter, fields: Join(third));
        var (unrelated, _) = await _client.CreateStoryAsync(friend, fields: Start("Your desk"));
        await _client.SettleAsync(first, second, third, fourth, own, unrelated);

        Assert.Equal(
            [(friend.Id, second, "Your first car"), (other.Id, third, "Your first car"), (friend.Id, fourth, "Your first car")],
            (await NoticesOfAsync(starter)).OrderBy(n => n.EntityId == second ? 0 : n.EntityId == third ? 1 : 2).ToList());
        Assert.Empty(await NoticesOfAsync(friend)); // the chain is the starter's: joining from a story notifies its owner nothing
        Assert.Empty(await NoticesOfAsync(other));

        var inbox = await _client.GetJsonAsync("/api/v1/notifications", starter);
        var notice = inbox.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("entityId").GetGuid() == third);
        Assert.Equal("add_yours", notice.GetProperty("type").GetString());
        Assert.Equal("story", notice.GetProperty("entityType").GetString());
        Assert.Equal($"{other.Username} joined your \"Add yours\" chain \"Your first car\".", notice.GetProperty("text").GetString());
        Assert.Equal(other.Id, notice.GetProperty("actor").GetProperty("id").GetGuid());

        // The notice follows the story: deleted, it leaves the inbox.
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{third}", other)).EnsureNoContentAsync();
        Assert.DoesNotContain((await _client.GetJsonAsync("/api/v1/notifications", starter)).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("entityId").GetGuid() == third);
    }

    [Fact]
    public async Task The_starter_hears_only_of_stories_they_may_see_and_nothing_across_a_block()
    {
        var starter = await _client.NewUserAsync();
        var bridge = await _client.NewUserAsync();
        var (blocked, privateStranger, privateFollowed, closeFriends, hiding, seen) = (await _client.NewUserAsync(),
            await _client.NewUserAsync(isPrivate: true), await _client.NewUserAsync(isPrivate: true), await _client.NewUserAsync(),
            await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(starter, privateFollowed);
        await _client.HideStoriesFromAsync(hiding, starter);
        var (first, _) = await _client.CreateStoryAsync(starter, fields: Start("Your view"));
        var (bridged, _) = await _client.CreateStoryAsync(bridge, fields: Join(first));
        await _client.BlockAsync(starter, blocked); // it can no longer see the starter's story, but still the bridge's
        var stories = new List<Guid> { first, bridged };
        foreach (var (who, audience) in new[] { (blocked, "public"), (privateStranger, "public"), (privateFollowed, "public"),
                     (closeFriends, "close_friends"), (hiding, "public"), (seen, "public") })
            stories.Add((await _client.CreateStoryAsync(who, audience, Join(bridged))).Id);
        await _client.SettleAsync([.. stories]);

        Assert.Equal(new[] { bridge.Id, privateFollowed.Id, seen.Id }.Order(), (await NoticesOfAsync(starter)).Select(n => n.ActorId).Order());
    }

    [Fact]
    public async Task A_gone_starter_hears_nothing_and_a_redelivery_or_a_second_event_adds_no_second_notice()
    {
        var (starter, joiner, gone, goneJoiner) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync(),
            await _client.NewUserAsync());
        var (first, _) = await _client.CreateStoryAsync(starter, fields: Start("Your lunch"));
        var (goneFirst, _) = await _client.CreateStoryAsync(gone, fields: Start("Your shoes"));
        var (joined, _) = await _client.CreateStoryAsync(joiner, fields: Join(first));
        var (joinedGone, _) = await _client.CreateStoryAsync(goneJoiner, fields: Join(goneFirst));
        await _client.SettleAsync(first, goneFirst, joined, joinedGone);
        Assert.Single(await NoticesOfAsync(starter));
        Assert.Single(await NoticesOfAsync(gone));

        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        async Task<EventEnvelope> CreatedAsync(Guid storyId) =>
            (await new EntityEvents(app, "storyId").ListAsync(storyId)).Single(e => e.Type == StoryEvents.Created);
        // The same fact in another event, delivered after the starter's account was deactivated: nothing.
        await _client.ExecAsync("UPDATE users SET is_active = false WHERE id = @id; DELETE FROM notifications WHERE user_id = @id", new { id = gone.Id });
        var late = await CreatedAsync(joinedGone) with { Id = Guid.NewGuid() };
        Assert.Equal(ConsumeOutcome.Applied, await runner.RunAsync(StoryNotificationsConsumer.ConsumerName, late, CancellationToken.None));
        Assert.Empty(await NoticesOfAsync(gone));

        var created = await CreatedAsync(joined);
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, await runner.RunAsync(StoryNotificationsConsumer.ConsumerName, created, CancellationToken.None));
        var again = created with { Id = Guid.NewGuid() };
        Assert.Equal(ConsumeOutcome.Applied, await runner.RunAsync(StoryNotificationsConsumer.ConsumerName, again, CancellationToken.None));
        Assert.Single(await NoticesOfAsync(starter));
    }
}
