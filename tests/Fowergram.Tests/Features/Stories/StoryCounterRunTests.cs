using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Stories;

/// <summary>story-counters applies a batch's runs of one story's views and reactions, and one poll's votes, set-based
/// (IEventConsumer.RunKey): the counts must be those of the events one at a time.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryCounterRunTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private EventEnvelope Event(string type, Guid actor, object payload) =>
        new(Guid.CreateVersion7(), type, actor, JsonSerializer.SerializeToElement(payload, ApiJson.Options), app.Clock.GetUtcNow());

    [Fact]
    public async Task Runs_of_views_reactions_and_votes_count_as_the_events_one_by_one()
    {
        var owner = await _client.NewUserAsync();
        var (storyId, _) = await _client.CreateStoryAsync(owner, fields: new { poll = new { question = "Tea or coffee?", option1 = "Tea", option2 = "Coffee" } });
        await _client.SettleAsync(storyId);
        var pollId = await _client.ScalarAsync<Guid>("SELECT id FROM story_polls WHERE story_id = @storyId", new { storyId });
        var people = new List<Person>();
        for (var i = 0; i < 3; i++) people.Add(await _client.NewUserAsync());
        EventEnvelope View(Person p) => Event(StoryEvents.Viewed, p.Id, new StoryViewedEvent(storyId, owner.Id, p.Id, "story", storyId));
        EventEnvelope React(Person p, bool isNew) =>
            Event(StoryEvents.Reacted, p.Id, new StoryReactedEvent(storyId, owner.Id, p.Id, "fire", isNew, "story", storyId));
        EventEnvelope Vote(Person p, int option) =>
            Event(StoryEvents.PollVoted, p.Id, new StoryPollVotedEvent(storyId, pollId, owner.Id, p.Id, option, "story", storyId));
        var firstView = View(people[0]);
        EventEnvelope[] batch =
        [
            firstView, View(people[1]), firstView, View(people[2]),
            React(people[0], isNew: true), React(people[1], isNew: true), React(people[0], isNew: false), // a changed reaction is not new
            Vote(people[0], 1), Vote(people[1], 2), Vote(people[2], 1),
        ];

        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        var outcomes = await runner.RunBatchAsync(StoryCountersConsumer.ConsumerName, batch, null, CancellationToken.None);

        Assert.Equal(ConsumeOutcome.AlreadyProcessed, outcomes[2]); // the view listed twice
        Assert.Equal(9, outcomes.Count(o => o == ConsumeOutcome.Applied));
        Assert.Equal((3L, 2L), Assert.Single(await _client.QueryAsync<(long, long)>(
            "SELECT view_count::bigint, reaction_count::bigint FROM story_stats WHERE story_id = @storyId", new { storyId })));
        Assert.Equal((2L, 1L), Assert.Single(await _client.QueryAsync<(long, long)>(
            "SELECT option1_votes::bigint, option2_votes::bigint FROM story_poll_stats WHERE poll_id = @pollId", new { pollId })));
    }
}
