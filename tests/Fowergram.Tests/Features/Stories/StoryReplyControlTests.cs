using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// "Allow replies and reactions" (migration 0150, docs/stories.md "Who may reply"): everyone, people the author follows,
/// or nobody; a refusal is a 403 that writes nothing, and a story the caller may not see stays a 404.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryReplyControlTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private Task<HttpResponseMessage> ReplyAsync(Guid story, Person who) =>
        _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", who, new { text = "love this!" });

    private Task<HttpResponseMessage> ReactAsync(Guid story, Person who) =>
        _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", who, new { type = "fire" });

    private async Task<string> SetAsync(Person who, object body) =>
        (await (await _client.SendAsync(HttpMethod.Put, "/api/v1/users/me/story-replies", who, body)).ReadJsonAsync(HttpStatusCode.OK))
            .GetProperty("from").GetString()!;

    private Task<long> WrittenByAsync(Person who) => _client.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM story_reactions WHERE user_id = @Id) + (SELECT count(*) FROM messages WHERE sender_id = @Id)
        """, new { who.Id });

    private async Task<Guid> OpenAsync(Person caller, Person with) =>
        (await (await _client.SendAsync(HttpMethod.Post, "/api/v1/conversations", caller, new { userIds = new[] { with.Id } }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> ShareAsync(Guid thread, Guid story, Person who) =>
        _client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{thread}/messages", who, new { sharedStoryId = story });

    [Fact]
    public async Task A_story_sent_into_the_one_to_one_with_its_author_is_a_reply_and_the_switch_decides()
    {
        var (author, fan, friend) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(fan, author);
        var (story, _) = await _client.CreateStoryAsync(author);
        var (withAuthor, withFriend) = (await OpenAsync(fan, author), await OpenAsync(fan, friend));

        // Shared back into the thread with its author, a story is an answer to it: "off" refuses it as it refuses a reply.
        Assert.Equal("off", await SetAsync(author, new { from = "off" }));
        Assert.Contains("turned off", (await (await ShareAsync(withAuthor, story, fan)).AssertProblemAsync(HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString());
        Assert.Equal(0L, await WrittenByAsync(fan));
        // Sent to someone else it is a share, which the switch does not govern.
        Assert.Equal(HttpStatusCode.Created, (await ShareAsync(withFriend, story, fan)).StatusCode);

        Assert.Equal("everyone", await SetAsync(author, new { from = "everyone" }));
        Assert.Equal(HttpStatusCode.Created, (await ShareAsync(withAuthor, story, fan)).StatusCode);
    }

    [Fact]
    public async Task Following_lets_only_people_the_author_follows_answer_and_off_lets_nobody()
    {
        var author = await _client.NewUserAsync();
        var (followed, fan) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(author, followed);
        await _client.FollowAsync(fan, author);
        var (story, _) = await _client.CreateStoryAsync(author);
        Assert.Equal("everyone", (await _client.GetJsonAsync("/api/v1/users/me/story-replies", author)).GetProperty("from").GetString());

        Assert.Equal("following", await SetAsync(author, new { from = " Following " }));
        Assert.Equal(HttpStatusCode.Created, (await ReplyAsync(story, followed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReactAsync(story, followed)).StatusCode);
        Assert.Contains("people they follow", (await (await ReplyAsync(story, fan)).AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        await (await ReactAsync(story, fan)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0L, await WrittenByAsync(fan));

        Assert.Equal("off", await SetAsync(author, new { from = "off" }));
        Assert.Contains("turned off", (await (await ReplyAsync(story, followed)).AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        await (await ReactAsync(story, followed)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(2L, await WrittenByAsync(followed)); // the reply and the reaction from before, nothing new

        Assert.Equal("everyone", await SetAsync(author, new { from = "everyone" }));
        Assert.Equal(HttpStatusCode.Created, (await ReplyAsync(story, fan)).StatusCode);
        var export = await _client.GetJsonAsync("/api/v1/users/me/export", author);
        Assert.Equal("everyone", export.GetProperty("account").GetProperty("allowStoryReplies").GetString());
    }

    [Fact]
    public async Task A_story_the_caller_may_not_see_stays_a_404_and_bad_settings_are_400s_that_change_nothing()
    {
        var (author, stranger) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (closeOnly, _) = await _client.CreateStoryAsync(author, "close_friends");
        await SetAsync(author, new { from = "off" });
        await (await ReplyAsync(closeOnly, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReactAsync(closeOnly, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);

        foreach (var body in new object[] { new { }, new { from = "followers" }, new { from = 3 } })
            await (await _client.SendAsync(HttpMethod.Put, "/api/v1/users/me/story-replies", author, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("off", (await _client.GetJsonAsync("/api/v1/users/me/story-replies", author)).GetProperty("from").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Get, "/api/v1/users/me/story-replies", null)).StatusCode);
    }
}
