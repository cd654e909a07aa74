using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// A story view's <c>canReply</c> and <c>canReact</c> (docs/stories.md "Who may reply"): in every read that shows the story
/// (the story, the author's list, the tray, the archive) they say what the write then does — each case reads the flags,
/// sends the reply and the reaction, and asserts that each succeeded exactly when its flag said so.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryAnswerFlagTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private Task<HttpResponseMessage> ReplyAsync(Guid story, Person who) =>
        _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", who, new { text = "love this!" });

    private Task<HttpResponseMessage> ReactAsync(Guid story, Person who) =>
        _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", who, new { type = "fire" });

    private async Task SetAsync(Person who, string from) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Put, "/api/v1/users/me/story-replies", who, new { from })).StatusCode);

    private static (bool Reply, bool React) Flags(JsonElement story) =>
        (story.GetProperty("canReply").GetBoolean(), story.GetProperty("canReact").GetBoolean());

    /// <summary>The story's flags as each read shows them to <paramref name="viewer"/>; all reads must agree.</summary>
    private async Task<(bool Reply, bool React)> ReadFlagsAsync(Guid story, Person author, Person viewer)
    {
        var single = Flags(await _client.GetJsonAsync($"/api/v1/stories/{story}", viewer));
        var list = (await _client.GetJsonAsync($"/api/v1/users/{author.Username}/stories", viewer)).GetProperty("items").EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == story);
        var tray = (await _client.GetJsonAsync("/api/v1/stories/tray", viewer)).GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("author").GetProperty("id").GetGuid() == author.Id).GetProperty("stories").EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == story);
        Assert.Equal(single, Flags(list));
        Assert.Equal(single, Flags(tray));
        Assert.Equal(single, await HighlightFlagsAsync(story, author, viewer));
        return single;
    }

    /// <summary>The story's flags as a highlight of the author's holding it shows them to <paramref name="viewer"/>.</summary>
    private async Task<(bool Reply, bool React)> HighlightFlagsAsync(Guid story, Person author, Person viewer)
    {
        var highlight = await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", author, new { title = "Flags", storyIds = new[] { story } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var read = await _client.GetJsonAsync($"/api/v1/highlights/{highlight.GetProperty("id").GetGuid()}", viewer);
        return Flags(read.GetProperty("stories").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == story));
    }

    private async Task AssertWritesAgreeAsync(Guid story, Person who, (bool Reply, bool React) flags, HttpStatusCode refusal)
    {
        var reply = await ReplyAsync(story, who);
        Assert.Equal(flags.Reply ? HttpStatusCode.Created : refusal, reply.StatusCode);
        var react = await ReactAsync(story, who);
        Assert.Equal(flags.React ? HttpStatusCode.OK : refusal, react.StatusCode);
    }

    [Theory]
    [InlineData("everyone", false, true)]
    [InlineData("everyone", true, true)]
    [InlineData("following", false, false)]
    [InlineData("following", true, true)]
    [InlineData("off", false, false)]
    [InlineData("off", true, false)]
    public async Task The_flags_say_whether_a_reply_and_a_reaction_go_through(string setting, bool authorFollowsViewer, bool expected)
    {
        var (author, viewer) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(viewer, author); // puts the author in the viewer's tray
        if (authorFollowsViewer) await _client.FollowAsync(author, viewer);
        await SetAsync(author, setting);
        var (story, _) = await _client.CreateStoryAsync(author);

        var flags = await ReadFlagsAsync(story, author, viewer);
        Assert.Equal((expected, expected), flags);
        await AssertWritesAgreeAsync(story, viewer, flags, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_flags_follow_a_change_of_the_setting()
    {
        var (author, viewer) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(viewer, author);
        var (story, _) = await _client.CreateStoryAsync(author);
        Assert.Equal((true, true), await ReadFlagsAsync(story, author, viewer));

        await SetAsync(author, "off");
        var flags = await ReadFlagsAsync(story, author, viewer);
        Assert.Equal((false, false), flags);
        await AssertWritesAgreeAsync(story, viewer, flags, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("everyone")]
    [InlineData("off")]
    public async Task On_ones_own_live_story_neither_a_reply_nor_a_reaction_is_taken(string setting)
    {
        var author = await _client.NewUserAsync();
        await SetAsync(author, setting);
        var (story, created) = await _client.CreateStoryAsync(author);
        Assert.Equal((false, false), Flags(created));

        var flags = await ReadFlagsAsync(story, author, author);
        Assert.Equal((false, false), flags); // a reaction was taken before 2026-12-07 (OwnStoryAnswerTests)
        var archived = (await _client.GetJsonAsync("/api/v1/users/me/stories/archive", author)).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(flags, Flags(archived));
        await AssertWritesAgreeAsync(story, author, flags, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_expired_story_its_owner_still_reads_takes_neither()
    {
        var author = await _client.NewUserAsync();
        var (story, _) = await _client.CreateStoryAsync(author);
        await _client.ExecAsync("UPDATE stories SET created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days' WHERE id = @story",
            new { story });

        var flags = Flags(await _client.GetJsonAsync($"/api/v1/stories/{story}", author));
        Assert.Equal((false, false), flags);
        Assert.Equal(flags, Flags((await _client.GetJsonAsync("/api/v1/users/me/stories/archive", author)).GetProperty("items").EnumerateArray().Single()));
        Assert.Equal(flags, await HighlightFlagsAsync(story, author, author)); // a highlight plays it past its 24 hours: no answers
        // The writes answer an expired story as one the caller may not see.
        Assert.Equal(HttpStatusCode.NotFound, (await ReplyAsync(story, author)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReactAsync(story, author)).StatusCode);
    }
}
