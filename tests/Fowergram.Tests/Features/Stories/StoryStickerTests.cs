using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

[Collection(ApiCollection.Name)]
public sealed class StoryStickerTests(FowergramApp app)
{
    private static readonly object Poll = new { poll = new { question = "Tea or coffee?", option1 = "Tea", option2 = "Coffee" } };
    private readonly StoryClient _client = new(app);

    private Task<HttpResponseMessage> VoteAsync(Guid id, Person who, object body) =>
        _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/poll/votes", who, body);

    private Task<long> VotesAsync(Guid storyId) => _client.ScalarAsync<long>(
        "SELECT count(*) FROM story_poll_votes v JOIN story_polls p ON p.id = v.poll_id WHERE p.story_id = @storyId", new { storyId });

    [Fact]
    public async Task Poll_results_go_to_the_owner_and_to_voters_only()
    {
        var owner = await _client.NewUserAsync();
        var (voter, onlooker) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Poll);

        var vote = await (await VoteAsync(id, voter, new { option = 2 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, vote.GetProperty("option").GetInt32());
        await _client.SettleAsync(id);

        var mine = await _client.GetJsonAsync($"/api/v1/stories/{id}/poll", voter);
        Assert.Equal(2, mine.GetProperty("myVote").GetInt32());
        Assert.Equal((0, 1, 1), (mine.GetProperty("results").GetProperty("option1Votes").GetInt64(),
            mine.GetProperty("results").GetProperty("option2Votes").GetInt64(), mine.GetProperty("results").GetProperty("total").GetInt64()));
        Assert.Equal(1, (await _client.GetJsonAsync($"/api/v1/stories/{id}/poll", owner)).GetProperty("results").GetProperty("total").GetInt64());
        var theirs = await _client.GetJsonAsync($"/api/v1/stories/{id}/poll", onlooker);
        Assert.Equal("Tea or coffee?", theirs.GetProperty("question").GetString());
        Assert.False(theirs.TryGetProperty("results", out _));
        Assert.False(theirs.TryGetProperty("myVote", out _));
    }

    [Fact]
    public async Task A_vote_cannot_be_changed_but_repeating_it_is_harmless()
    {
        var owner = await _client.NewUserAsync();
        var voter = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Poll);
        await (await VoteAsync(id, voter, new { option = 1 })).ReadJsonAsync(HttpStatusCode.Created);

        await (await VoteAsync(id, voter, new { option = 1 })).ReadJsonAsync(HttpStatusCode.OK);
        await (await VoteAsync(id, voter, new { option = 2 })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(1, await VotesAsync(id));
        Assert.Equal(1, await _client.ScalarAsync<short>("SELECT option_selected FROM story_poll_votes WHERE user_id = @id", new { id = voter.Id }));
    }

    [Fact]
    public async Task One_user_voting_twenty_times_at_once_casts_one_vote()
    {
        var owner = await _client.NewUserAsync();
        var voter = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Poll);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => VoteAsync(id, voter, new { option = 1 })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, await VotesAsync(id));
        await _client.SettleAsync(id);
        var results = (await _client.GetJsonAsync($"/api/v1/stories/{id}/poll", owner)).GetProperty("results");
        Assert.Equal((1, 0), (results.GetProperty("option1Votes").GetInt64(), results.GetProperty("option2Votes").GetInt64()));
    }

    [Fact]
    public async Task A_hundred_users_voting_at_once_make_exactly_a_hundred_votes()
    {
        var owner = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Poll);
        var voters = new List<Person>();
        for (var i = 0; i < 100; i++) voters.Add(await _client.NewUserAsync());

        var responses = await Task.WhenAll(voters.Select((v, i) => VoteAsync(id, v, new { option = i % 3 == 0 ? 2 : 1 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(100, await VotesAsync(id));
        await _client.SettleAsync(id);
        var results = (await _client.GetJsonAsync($"/api/v1/stories/{id}/poll", owner)).GetProperty("results");
        Assert.Equal((66, 34, 100), (results.GetProperty("option1Votes").GetInt64(), results.GetProperty("option2Votes").GetInt64(),
            results.GetProperty("total").GetInt64()));
    }

    [Fact]
    public async Task Bad_votes_are_refused_without_a_trace()
    {
        var owner = await _client.NewUserAsync();
        var voter = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner, fields: Poll);
        var (followersOnly, _) = await _client.CreateStoryAsync(owner, "followers", Poll);
        var (noPoll, _) = await _client.CreateStoryAsync(owner);

        await (await VoteAsync(id, voter, new { option = 3 })).AssertValidationErrorAsync("option");
        await (await VoteAsync(id, voter, new { option = 0 })).AssertValidationErrorAsync("option");
        await (await VoteAsync(id, voter, new { choice = 1 })).AssertValidationErrorAsync("option");
        await (await VoteAsync(id, voter, new { option = "one" })).AssertValidationErrorAsync("option");
        await (await VoteAsync(followersOnly, voter, new { option = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await VoteAsync(noPoll, voter, new { option = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{noPoll}/poll", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{followersOnly}/poll", voter)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(0, await VotesAsync(id) + await VotesAsync(followersOnly));
        Assert.Equal(0, await _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE actor_id = @id", new { id = voter.Id }));
    }

    [Fact]
    public async Task Question_answers_reach_the_owner_only()
    {
        var owner = await _client.NewUserAsync();
        var (fan, stranger) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(fan, owner);
        var (id, _) = await _client.CreateStoryAsync(owner, "followers", new { question = new { text = "Recommend a book?" } });
        var (noQuestion, _) = await _client.CreateStoryAsync(owner);

        var first = await (await Respond(id, fan, "Dune")).ReadJsonAsync(HttpStatusCode.Created);
        await (await Respond(id, fan, "  Piranesi  ")).ReadJsonAsync(HttpStatusCode.Created);
        await (await Respond(id, stranger, "Hi")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Respond(id, fan, "   ")).AssertValidationErrorAsync("text");
        await (await Respond(id, fan, new string('x', 501))).AssertValidationErrorAsync("text");
        await (await Respond(id, fan, "nul\0byte")).AssertValidationErrorAsync("text");
        await (await Respond(noQuestion, fan, "Dune")).AssertProblemAsync(HttpStatusCode.NotFound);

        var answers = await _client.GetJsonAsync($"/api/v1/stories/{id}/question/responses", owner);
        Assert.Equal(2, answers.GetProperty("items").GetArrayLength());
        Assert.Equal(["Dune", "Piranesi"], answers.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("text").GetString()).Order());
        Assert.All(answers.GetProperty("items").EnumerateArray(), a => Assert.Equal(fan.Id, a.GetProperty("user").GetProperty("id").GetGuid()));
        Assert.Equal(first.GetProperty("questionId").GetGuid(),
            await _client.ScalarAsync<Guid>("SELECT id FROM story_questions WHERE story_id = @id", new { id }));
        await (await _client.GetAsync($"/api/v1/stories/{id}/question/responses", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{noQuestion}/question/responses", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reaction_is_one_per_viewer_and_only_from_the_seeds_set()
    {
        var owner = await _client.NewUserAsync();
        var (fan, blocked) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.BlockAsync(owner, blocked);
        var (id, _) = await _client.CreateStoryAsync(owner);

        Assert.Equal("like", (await (await React(id, fan, "LIKE")).ReadJsonAsync()).GetProperty("type").GetString());
        await (await React(id, fan, "fire")).ReadJsonAsync();
        await (await React(id, fan, "fire")).ReadJsonAsync();
        await (await React(id, fan, "love")).AssertValidationErrorAsync("type");
        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", fan, new { })).AssertValidationErrorAsync("type");
        await (await React(id, blocked, "like")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await React(Guid.NewGuid(), fan, "like")).AssertProblemAsync(HttpStatusCode.NotFound);
        await _client.SettleAsync(id);

        Assert.Equal("fire", await _client.ScalarAsync<string>("SELECT reaction_type FROM story_reactions WHERE story_id = @id", new { id }));
        Assert.Equal(1, await _client.ScalarAsync<long>("SELECT count(*) FROM story_reactions WHERE story_id = @id", new { id }));
        Assert.Equal(2, await _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'story.reacted' AND payload->>'storyId' = @id",
            new { id = id.ToString() }));
        Assert.Equal(1, await _client.ScalarAsync<long>("SELECT reaction_count FROM story_stats WHERE story_id = @id", new { id }));
        Assert.Equal("fire", (await _client.GetJsonAsync($"/api/v1/stories/{id}", fan)).GetProperty("myReaction").GetString());
    }

    private Task<HttpResponseMessage> Respond(Guid id, Person who, string text) =>
        _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/question/responses", who, new { text });

    private Task<HttpResponseMessage> React(Guid id, Person who, string type) =>
        _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", who, new { type });
}
