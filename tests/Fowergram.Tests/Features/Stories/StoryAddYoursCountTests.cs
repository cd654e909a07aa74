using System.Net;
using Fowergram.Platform.Moderation;
using Fowergram.Platform.Purge;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// An "add yours" chain's storyCount (migration 0152): its stories not deleted — by their owner, a takedown or their account's
/// purge — expired ones included, recounted by story-counters on each story.created and story.deleted of the chain.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryAddYoursCountTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private static object Join(Guid storyId) => new { addYours = new { storyId } };

    private async Task<long> StickerCountAsync(Guid storyId, Person reader) =>
        (await _client.GetJsonAsync($"/api/v1/stories/{storyId}", reader)).GetProperty("addYours").GetProperty("storyCount").GetInt64();

    private Task<long> StoredCountAsync(Guid storyId) => _client.ScalarAsync<long>(
        "SELECT p.story_count FROM add_yours_prompts p JOIN stories s ON s.add_yours_prompt_id = p.id WHERE s.id = @storyId", new { storyId });

    private async Task<(Person Starter, Guid First)> ChainAsync(string prompt)
    {
        var starter = await _client.NewUserAsync();
        var (first, _) = await _client.CreateStoryAsync(starter, fields: new { addYours = new { prompt } });
        return (starter, first);
    }

    [Fact]
    public async Task The_count_keeps_expired_stories_drops_deleted_and_taken_down_ones_and_is_recounted_not_moved()
    {
        var (starter, first) = await ChainAsync("Your pet");
        var joined = new List<Guid>();
        var joiners = new List<Person>();
        for (var i = 0; i < 4; i++)
        {
            joiners.Add(await _client.NewUserAsync());
            joined.Add((await _client.CreateStoryAsync(joiners[i], fields: Join(first))).Id);
        }
        await _client.SettleAsync([first, .. joined]);
        Assert.Equal(5L, await StickerCountAsync(first, starter));

        // Expired: still a participant, still counted (no event, nothing to recount).
        await _client.ExecAsync("UPDATE stories SET created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days' WHERE id = @id",
            new { id = joined[0] });
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{joined[1]}", joiners[1])).EnsureNoContentAsync();
        await using (var conn = await _client.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var takedown = app.Services.GetServices<ITakedown>().Single(t => t.TargetTypes.Contains("story"));
            Assert.Equal(Takedown.Removed, await takedown.TakeDownAsync(conn, tx, "story", joined[2], app.Clock.GetUtcNow(), CancellationToken.None));
            await tx.CommitAsync();
        }
        await _client.SettleAsync(joined[1], joined[2]);
        Assert.Equal(3L, await StickerCountAsync(first, starter));
        Assert.Equal(3L, (await _client.GetJsonAsync($"/api/v1/stories/{joined[3]}/add-yours", starter)).GetProperty("storyCount").GetInt64());

        // A count that drifted is put right by the next event of the chain: a recount, not a +1.
        await _client.ExecAsync("UPDATE add_yours_prompts SET story_count = 99 WHERE id = (SELECT add_yours_prompt_id FROM stories WHERE id = @first)",
            new { first });
        var (late, _) = await _client.CreateStoryAsync(await _client.NewUserAsync(), fields: Join(joined[3]));
        await _client.SettleAsync(late);
        Assert.Equal(4L, await StoredCountAsync(first));
    }

    [Fact]
    public async Task A_purged_accounts_stories_leave_the_chains_they_joined_and_only_those_are_deleted()
    {
        var (starter, first) = await ChainAsync("Your view");
        var purged = await _client.NewUserAsync();
        var (inChain, _) = await _client.CreateStoryAsync(purged, fields: Join(first));
        var (plain, _) = await _client.CreateStoryAsync(purged);
        await _client.SettleAsync(first, inChain, plain);
        Assert.Equal(2L, await StoredCountAsync(first));

        var step = app.Services.GetServices<IAccountPurgeStep>().Single(s => s.Name == "stories");
        var done = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            await using var conn = await _client.Db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            done.Add(await step.PurgeAsync(conn, tx, purged.Id, 100, app.Clock.GetUtcNow(), CancellationToken.None));
            await tx.CommitAsync();
        }
        await _client.SettleAsync(inChain);

        Assert.Equal([1, 0], done);
        Assert.Equal(1L, await StickerCountAsync(first, starter));
        Assert.Equal(1L, await _client.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE type = 'story.deleted' AND payload->>'storyId' = @id AND actor_id IS NULL", new { id = inChain.ToString() }));
        Assert.False(await _client.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM stories WHERE id = @plain", new { plain }));
    }

    [Fact]
    public async Task Stories_joining_and_leaving_at_once_end_with_the_true_count()
    {
        var (starter, first) = await ChainAsync("Your morning");
        var joiners = new List<Person>();
        for (var i = 0; i < 16; i++) joiners.Add(await _client.NewUserAsync());
        var uploads = new List<Guid>();
        foreach (var joiner in joiners) uploads.Add(await _client.UploadAsync(joiner));
        Task<HttpResponseMessage> JoinAsync(int i) =>
            _client.SendAsync(HttpMethod.Post, "/api/v1/stories", joiners[i], new { uploadId = uploads[i], addYours = new { storyId = first } });

        var early = new List<Guid>();
        foreach (var response in await Task.WhenAll(Enumerable.Range(0, 8).Select(JoinAsync)))
            early.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        var deletes = Enumerable.Range(0, 4).Select(i => _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{early[i]}", joiners[i]));
        var joins = Enumerable.Range(8, 8).Select(JoinAsync);
        var responses = await Task.WhenAll(deletes.Concat(joins));
        var late = new List<Guid>();
        foreach (var response in responses.Take(4)) await response.EnsureNoContentAsync();
        foreach (var response in responses.Skip(4)) late.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        await _client.SettleAsync([first, .. early, .. late]);

        Assert.Equal(13L, await StickerCountAsync(first, starter)); // 1 + 8 − 4 + 8
    }
}
