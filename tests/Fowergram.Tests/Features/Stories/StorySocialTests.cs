using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>Stories composed with the social graph and notification APIs of the other areas, end to end.</summary>
[Collection(ApiCollection.Name)]
public sealed class StorySocialTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    [Fact]
    public async Task A_close_friend_added_through_the_api_sees_the_story_and_its_mention_until_removed()
    {
        var author = await _client.NewUserAsync();
        var friend = await _client.NewUserAsync();
        Assert.True((await _client.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/follow", friend)).IsSuccessStatusCode);
        Assert.True((await _client.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{friend.Username}", author)).IsSuccessStatusCode);
        var (id, _) = await _client.CreateStoryAsync(author, "close_friends", new { mentions = new[] { friend.Username } });
        await _client.SettleAsync(id);

        Assert.Contains(id, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", friend)));
        var notices = (await _client.GetJsonAsync("/api/v1/notifications", friend)).GetProperty("items").EnumerateArray()
            .Where(n => n.TryGetProperty("entityId", out var e) && e.GetGuid() == id).ToList();
        var notice = Assert.Single(notices); // story-notifications' story_mention; post-notifications leaves story mentions alone
        Assert.Equal("story_mention", notice.GetProperty("type").GetString());
        Assert.Equal(author.Id, notice.GetProperty("actor").GetProperty("id").GetGuid());

        Assert.True((await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/close-friends/{friend.Username}", author)).IsSuccessStatusCode);

        await (await _client.GetAsync($"/api/v1/stories/{id}", friend)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", friend)));
        Assert.DoesNotContain((await _client.GetJsonAsync("/api/v1/notifications", friend)).GetProperty("items").EnumerateArray(),
            n => n.TryGetProperty("entityId", out var e) && e.GetGuid() == id);
    }

    [Fact]
    public async Task Blocking_through_the_api_hides_the_story_and_refuses_reactions_at_once()
    {
        var author = await _client.NewUserAsync();
        var fan = await _client.NewUserAsync();
        await _client.SendAsync(HttpMethod.Put, $"/api/v1/users/{author.Username}/follow", fan);
        var (id, _) = await _client.CreateStoryAsync(author, "followers");
        await _client.GetJsonAsync($"/api/v1/stories/{id}", fan);

        Assert.True((await _client.SendAsync(HttpMethod.Put, $"/api/v1/users/{fan.Username}/block", author)).IsSuccessStatusCode);

        await (await _client.GetAsync($"/api/v1/stories/{id}", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", fan, new { type = "like" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", fan)));
    }
}
