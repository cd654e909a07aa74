using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>"Hide story and live from" (docs/stories.md "Hiding stories from someone"): the owner's list and what it hides.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoryHidingTests(FowergramApp app)
{
    private const string Route = "/api/v1/users/me/stories/hidden-from";
    private readonly StoryClient _client = new(app);

    private async Task<List<Guid>> HiddenListAsync(Person owner, string query = "") =>
        (await _client.GetJsonAsync(Route + query, owner)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task The_list_is_the_owners_newest_first_hiding_is_idempotent_and_unhiding_shows_the_story_again()
    {
        var (owner, first, second) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(first, owner);
        var (story, _) = await _client.CreateStoryAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/stories/{story}", first)).StatusCode);

        await _client.HideStoriesFromAsync(owner, first);
        await _client.ExecAsync("UPDATE story_hidden_viewers SET created_at = created_at - interval '1 minute' WHERE owner_id = @o", new { o = owner.Id });
        await _client.HideStoriesFromAsync(owner, second);
        await _client.HideStoriesFromAsync(owner, first);

        Assert.Equal([second.Id, first.Id], await HiddenListAsync(owner));
        var page = await _client.GetJsonAsync(Route + "?limit=1", owner);
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal([first.Id], await HiddenListAsync(owner, "?limit=1&cursor=" + page.GetProperty("nextCursor").GetString()));
        Assert.Empty(await HiddenListAsync(first));
        await (await _client.GetAsync($"/api/v1/stories/{story}", first)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(story, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", first)));

        var unhidden = await _client.SendAsync(HttpMethod.Delete, $"{Route}/{first.Username}", owner);
        Assert.Equal(HttpStatusCode.NoContent, unhidden.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"{Route}/{first.Username}", owner)).StatusCode);
        Assert.Equal([second.Id], await HiddenListAsync(owner));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/stories/{story}", first)).StatusCode);
        Assert.Contains(story, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", first)));
    }

    [Fact]
    public async Task A_hidden_viewer_loses_the_owners_highlights_shares_and_replies_but_keeps_the_profile()
    {
        var (owner, hidden, friend) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(hidden, owner);
        await _client.FollowAsync(friend, owner);
        var (story, _) = await _client.CreateStoryAsync(owner);
        var highlight = (await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Trips", storyIds = new[] { story } }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await _client.HideStoriesFromAsync(owner, hidden);

        await (await _client.GetAsync($"/api/v1/highlights/{highlight}", hidden)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/highlights", hidden)).GetProperty("items").EnumerateArray());
        Assert.Single((await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/highlights", friend)).GetProperty("items").EnumerateArray());
        Assert.Empty((await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/stories", hidden)).GetProperty("items").EnumerateArray());
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/replies", hidden, new { text = "nice" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{story}/reaction", hidden, new { type = "fire" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/users/{owner.Username}", hidden)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/users/{owner.Username}/posts", hidden)).StatusCode);
    }

    [Fact]
    public async Task The_choice_survives_a_block_and_its_lifting()
    {
        var (owner, other) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.HideStoriesFromAsync(owner, other);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/block", owner)).StatusCode);
        Assert.Empty(await HiddenListAsync(owner)); // the list shows only accounts the owner can see
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{other.Username}/block", owner)).StatusCode);

        Assert.Equal([other.Id], await HiddenListAsync(owner));
        var (story, _) = await _client.CreateStoryAsync(owner);
        await (await _client.GetAsync($"/api/v1/stories/{story}", other)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_blocked_and_self_are_refused_and_anonymous_callers_are_unauthorized()
    {
        var (owner, blocker) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.BlockAsync(blocker, owner);

        await (await _client.SendAsync(HttpMethod.Put, $"{Route}/nobody_{Guid.NewGuid().ToString("N")[..8]}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Put, $"{Route}/{blocker.Username}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Put, $"{Route}/{owner.Username}", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.SendAsync(HttpMethod.Delete, $"{Route}/me", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.SendAsync(HttpMethod.Put, $"{Route}/{blocker.Username}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.GetAsync(Route, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.GetAsync(Route + "?limit=0", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM story_hidden_viewers WHERE owner_id = @id", new { id = owner.Id }));
    }
}
