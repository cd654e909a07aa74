using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Stories;

/// <summary>story-counters applies a batch's runs of one story's views and reactions, one poll's votes, and stories joining one
/// "add yours" chain, set-based (IEventConsumer.RunKey): the counts must be those of the events one at a time.</summary>
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

    [Fact]
    public async Task A_run_of_stories_joining_one_chain_counts_each_track_use_and_recounts_the_chain_once()
    {
        var (starter, joiner) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var track = await MusicTracks.InsertAsync(_client);
        var (first, _) = await _client.CreateStoryAsync(starter, fields: new { addYours = new { prompt = "Your song" } });
        var joined = new List<Guid>();
        for (var i = 0; i < 3; i++) joined.Add((await _client.CreateStoryAsync(joiner, fields: new { addYours = new { storyId = first } })).Id);
        await _client.SettleAsync([first, .. joined]);
        var promptId = await _client.ScalarAsync<Guid>("SELECT add_yours_prompt_id FROM stories WHERE id = @first", new { first });
        await _client.ExecAsync("UPDATE stories SET deleted_at = now() WHERE id = @id; UPDATE add_yours_prompts SET story_count = 0 WHERE id = @promptId",
            new { id = joined[2], promptId });
        // Hand-made deliveries of the same facts (the real events are spent): one run of three, one of them with a track twice.
        EventEnvelope Created(Guid storyId, Guid? musicTrackId) => Event(StoryEvents.Created, joiner.Id,
            new StoryCreatedEvent(storyId, joiner.Id, "public", musicTrackId, "story", storyId, promptId));
        EventEnvelope[] batch = [Created(joined[0], track), Created(joined[1], track), Created(joined[2], null)];
        var runner = app.Services.GetRequiredService<ConsumerRunner>();
        Assert.All(batch, e => Assert.Equal($"story.created add-yours {promptId}", runner.Get(StoryCountersConsumer.ConsumerName).RunKey(e)));

        var outcomes = await runner.RunBatchAsync(StoryCountersConsumer.ConsumerName, batch, null, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(ConsumeOutcome.Applied, o));
        Assert.Equal(3L, await _client.ScalarAsync<long>("SELECT story_count FROM add_yours_prompts WHERE id = @promptId", new { promptId }));
        Assert.Equal(2L, await _client.ScalarAsync<long>("SELECT usage_count FROM music_track_stats WHERE track_id = @track", new { track }));
    }
}
