using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// "Allow replies and reactions" switched off while an answer is on its way (docs/stories.md "Who may reply"): the check
/// and the write are one piece, so an answer never lands after the switch to "off" answered. A transaction of the test's
/// holds a row the answer needs, which puts the switch exactly between the answer's check and its write. In "following"
/// mode the follow that admitted the answer is held too, so an unfollow waits for it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryReplyRaceTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private Task<HttpResponseMessage> SwitchOffAsync(Person author) =>
        _client.SendAsync(HttpMethod.Put, "/api/v1/users/me/story-replies", author, new { from = "off" });

    [Fact]
    public async Task A_reply_checked_before_replies_were_turned_off_is_refused_when_it_is_written_after()
    {
        var (author, fan) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (story, _) = await _client.CreateStoryAsync(author);
        var thread = (await (await _client.SendAsync(HttpMethod.Post, "/api/v1/conversations", fan, new { userIds = new[] { author.Id } }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // The thread held: the reply has passed its first check and waits to write.
        await using var holder = await _client.Db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM conversations WHERE id = @thread FOR UPDATE", new { thread }, tx);
        var replying = _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", fan, new { text = "love this!" });
        await TransactionRace.WaitUntilBlockedByAsync(_client.Db, holder.ProcessID, replying);

        Assert.Equal(HttpStatusCode.OK, (await SwitchOffAsync(author)).StatusCode);
        await tx.CommitAsync();

        var refused = await (await replying).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("turned off", refused.GetProperty("detail").GetString());
        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM messages WHERE sender_id = @Id", new { fan.Id }));
    }

    [Fact]
    public async Task Turning_replies_off_waits_for_a_reaction_already_admitted_so_none_lands_after_its_answer()
    {
        var (author, fan) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (story, _) = await _client.CreateStoryAsync(author);

        // An uncommitted reaction of the fan's holds the key: the reaction route has been admitted and waits to write.
        await using var holder = await _client.Db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("INSERT INTO story_reactions (story_id, user_id, reaction_type) VALUES (@story, @fan, 'like')",
            new { story, fan = fan.Id }, tx);
        var reacting = _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", fan, new { type = "fire" });
        var reactor = await TransactionRace.BlockedByAsync(_client.Db, holder.ProcessID, reacting);
        Assert.NotNull(reactor);

        var switching = SwitchOffAsync(author);
        // Before, the switch answered at once and the reaction checked against "everyone" was written after it.
        Assert.NotNull(await TransactionRace.BlockedByAsync(_client.Db, reactor.Value, switching));
        await tx.RollbackAsync();

        Assert.Equal(HttpStatusCode.OK, (await reacting).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await switching).StatusCode);
        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", fan, new { type = "wow" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unfollow_waits_for_a_reaction_the_follow_admitted_so_none_lands_after_it_in_following_mode()
    {
        var (author, fan) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(author, fan);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Put, "/api/v1/users/me/story-replies", author, new { from = "following" })).StatusCode);
        var (story, _) = await _client.CreateStoryAsync(author);

        // An uncommitted reaction of the fan's holds the key: the reaction route has been admitted and waits to write.
        await using var holder = await _client.Db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("INSERT INTO story_reactions (story_id, user_id, reaction_type) VALUES (@story, @fan, 'like')",
            new { story, fan = fan.Id }, tx);
        var reacting = _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", fan, new { type = "fire" });
        var reactor = await TransactionRace.BlockedByAsync(_client.Db, holder.ProcessID, reacting);
        Assert.NotNull(reactor);

        var unfollowing = _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{fan.Username}/follow", author);
        // Before, the unfollow answered at once and the reaction admitted by the follow was written after it.
        Assert.NotNull(await TransactionRace.BlockedByAsync(_client.Db, reactor.Value, unfollowing));
        await tx.RollbackAsync();

        Assert.Equal(HttpStatusCode.OK, (await reacting).StatusCode);
        Assert.True((await unfollowing).IsSuccessStatusCode);
        var refused = await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", fan, new { type = "wow" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("people they follow", refused.GetProperty("detail").GetString());
    }
}
