using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Stories;

[Collection(ApiCollection.Name)]
public sealed class StoryNotificationTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private sealed record Notice(Guid UserId, Guid ActorId, string Type, string EntityType, Guid EntityId);

    private Task<List<Notice>> NoticesAboutAsync(Guid storyId) => _client.QueryAsync<Notice>(
        "SELECT user_id, actor_id, type, entity_type, entity_id FROM notifications WHERE entity_id = @storyId ORDER BY created_at, id",
        new { storyId });

    [Fact]
    public async Task Reactions_notify_the_owner_each_time_they_change_but_never_the_owner_about_themselves()
    {
        var owner = await _client.NewUserAsync();
        var fan = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner);

        foreach (var type in new[] { "clap", "clap", "wow" })
            await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", fan, new { type });
        // The owner's own reaction is refused (OwnStoryAnswerTests), so it can raise nothing either.
        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", owner, new { type = "like" })).AssertValidationErrorAsync("id");
        await _client.SettleAsync(id);

        var notices = await NoticesAboutAsync(id);
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal(new Notice(owner.Id, fan.Id, "story_reaction", "story", id), n));
        Assert.Equal(1, await _client.ScalarAsync<long>("SELECT reaction_count FROM story_stats WHERE story_id = @id", new { id }));
    }

    [Fact]
    public async Task Mentions_notify_people_who_may_see_the_story_but_never_the_author()
    {
        var author = await _client.NewUserAsync();
        var (friend, outsider) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        foreach (var p in new[] { friend, outsider }) await _client.FollowAsync(p, author);
        await _client.CloseFriendAsync(author, friend);

        var (id, story) = await _client.CreateStoryAsync(author, "close_friends",
            new { mentions = new[] { friend.Username, outsider.Username, author.Username } });
        await _client.SettleAsync(id);

        Assert.Equal([new Notice(friend.Id, author.Id, "story_mention", "story", id)], await NoticesAboutAsync(id));
        Assert.Equal(3, await _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'user.mentioned' AND payload->>'storyId' = @id",
            new { id = id.ToString() }));
        Assert.Equal(new[] { author.Username, friend.Username, outsider.Username }.Order(),
            story.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()!).Order());
    }

    [Fact]
    public async Task A_mentioned_name_blocked_later_is_hidden_from_those_it_blocks()
    {
        var author = await _client.NewUserAsync();
        var (friend, blocker) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(author, fields: new { mentions = new[] { friend.Username, blocker.Username } });

        await _client.BlockAsync(blocker, author);

        Assert.Equal([friend.Username], (await _client.GetJsonAsync($"/api/v1/stories/{id}", author)).GetProperty("mentions")
            .EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(2, (await _client.GetJsonAsync($"/api/v1/stories/{id}", friend)).GetProperty("mentions").GetArrayLength());
    }

    [Fact]
    public async Task A_block_made_before_delivery_stops_mention_and_reaction_notices()
    {
        var author = await _client.NewUserAsync();
        var (mentioned, reactor) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(author);
        await _client.BlockAsync(mentioned, author);
        await _client.BlockAsync(author, reactor);
        var consumer = app.Services.GetServices<IEventConsumer>().Single(c => c.Name == StoryNotificationsConsumer.ConsumerName);
        EventEnvelope Envelope(string type, object payload) =>
            new(Guid.NewGuid(), type, null, JsonSerializer.SerializeToElement(payload, Fowergram.Platform.Http.ApiJson.Options), DateTimeOffset.UtcNow);

        await using (var conn = await _client.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await consumer.HandleAsync(Envelope("user.mentioned", new StoryMentionEvent(mentioned.Id, id, author.Id, "story", id)), conn, tx, default);
            await consumer.HandleAsync(Envelope("story.reacted", new StoryReactedEvent(id, author.Id, reactor.Id, "fire", true, "story", id)), conn, tx, default);
            await tx.CommitAsync();
        }

        Assert.Empty(await NoticesAboutAsync(id));
    }

    [Fact]
    public async Task Post_mentions_are_left_to_the_posts_area()
    {
        var author = await _client.NewUserAsync();
        var mentioned = await _client.NewUserAsync();
        var consumer = app.Services.GetServices<IEventConsumer>().Single(c => c.Name == StoryNotificationsConsumer.ConsumerName);
        var payload = JsonSerializer.SerializeToElement(new { mentionedUserId = mentioned.Id, postId = Guid.NewGuid(), entityType = "post" });

        await using var conn = await _client.Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await consumer.HandleAsync(new EventEnvelope(Guid.NewGuid(), "user.mentioned", author.Id, payload, DateTimeOffset.UtcNow), conn, tx, default);
        await tx.CommitAsync();

        Assert.True(consumer.Handles("user.mentioned"));
        Assert.Equal(0, await _client.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id", new { id = mentioned.Id }));
    }

    [Fact]
    public async Task Story_events_become_activity_rows_of_their_actors()
    {
        var author = await _client.NewUserAsync();
        var fan = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(author, fields: new { poll = new { question = "?", option1 = "A", option2 = "B" } });
        await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/seen", fan);
        await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/poll/votes", fan, new { option = 1 });
        await _client.SettleAsync(id);
        await app.Services.GetRequiredService<Fowergram.Server.Events.EventPipeline>().DrainAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> activities;
        while ((activities = await _client.QueryAsync<string>(
                   "SELECT activity_type FROM user_activities WHERE entity_type = 'story' AND entity_id = @id ORDER BY activity_type", new { id })).Count < 3
               && DateTime.UtcNow < deadline)
            await Task.Delay(25);
        Assert.Equal(["story.created", "story.poll_voted", "story.viewed"], activities);
    }
}
