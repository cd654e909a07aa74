using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// "me" names the caller on the profile's story and highlight rows, as on every /users/{username}/… list (posts, reels,
/// videos, products: docs/social-graph.md). Before 2026-12-07 both looked "me" up as a username and answered 404 `user`.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryListsMeTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    [Fact]
    public async Task Me_lists_the_callers_own_live_stories_as_their_username_does_including_close_friends_ones()
    {
        var owner = await _client.NewUserAsync(isPrivate: true);
        var (open, _) = await _client.CreateStoryAsync(owner);
        var (inner, _) = await _client.CreateStoryAsync(owner, audience: "close_friends");

        var mine = await _client.GetJsonAsync("/api/v1/users/me/stories", owner);
        var byName = await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/stories", owner);

        Assert.Equal(new[] { open, inner }.Order(), Ids(mine).Order()); // oldest first: two made in one millisecond may sort either way
        Assert.Equal(Ids(byName), Ids(mine));
    }

    [Fact]
    public async Task Me_lists_the_callers_own_highlights_and_never_anyone_elses()
    {
        var (owner, other) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (story, _) = await _client.CreateStoryAsync(owner);
        var (theirs, _) = await _client.CreateStoryAsync(other);
        var highlight = (await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Trips", storyIds = new[] { story } }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", other, new { title = "Food", storyIds = new[] { theirs } }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal([highlight], Ids(await _client.GetJsonAsync("/api/v1/users/me/highlights", owner)));
        Assert.Equal(Ids(await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/highlights", owner)),
            Ids(await _client.GetJsonAsync("/api/v1/users/ME/highlights", owner)));
    }

    private static List<Guid> Ids(System.Text.Json.JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
