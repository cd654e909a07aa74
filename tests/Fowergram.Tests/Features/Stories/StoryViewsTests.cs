using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

[Collection(ApiCollection.Name)]
public sealed class StoryViewsTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    [Fact]
    public async Task A_view_is_recorded_once_per_viewer_even_when_sent_concurrently_and_counted_exactly()
    {
        var owner = await _client.NewUserAsync();
        var (first, second) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NoContent, (await Seen(id, first)).StatusCode);
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Seen(id, second)));
        Assert.All(burst, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(HttpStatusCode.NoContent, (await Seen(id, owner)).StatusCode); // the owner's own views are not counted

        await _client.SettleAsync(id);
        Assert.Equal(2, await _client.ScalarAsync<long>("SELECT count(*) FROM story_views WHERE story_id = @id", new { id }));
        Assert.Equal(2, await _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'story.viewed' AND payload->>'storyId' = @id",
            new { id = id.ToString() }));
        var viewers = await _client.GetJsonAsync($"/api/v1/stories/{id}/viewers", owner);
        Assert.Equal(2, viewers.GetProperty("viewCount").GetInt64());
        Assert.True((await _client.GetJsonAsync($"/api/v1/stories/{id}", first)).GetProperty("seen").GetBoolean());
        Assert.False((await _client.GetJsonAsync($"/api/v1/stories/{id}", await _client.NewUserAsync())).GetProperty("seen").GetBoolean());
    }

    [Fact]
    public async Task Viewers_are_the_owners_alone_newest_first_in_keyset_pages_with_reactions()
    {
        var owner = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner);
        var viewers = new List<Person>();
        for (var i = 0; i < 5; i++)
        {
            var viewer = await _client.NewUserAsync();
            viewers.Add(viewer);
            await Seen(id, viewer);
        }
        await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", viewers[2], new { type = "fire" });

        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await _client.GetJsonAsync($"/api/v1/stories/{id}/viewers?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), owner);
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);

        var expected = await _client.QueryAsync<Guid>(
            "SELECT viewer_id FROM story_views WHERE story_id = @id ORDER BY viewed_at DESC, viewer_id DESC", new { id });
        Assert.Equal(expected, seen.Select(v => v.GetProperty("user").GetProperty("id").GetGuid()));
        Assert.Equal(viewers.Select(v => v.Id).Order(), expected.Order());
        Assert.Equal("fire", seen.Single(v => v.GetProperty("user").GetProperty("id").GetGuid() == viewers[2].Id).GetProperty("reaction").GetString());
        foreach (var other in viewers.Take(2))
            await (await _client.GetAsync($"/api/v1/stories/{id}/viewers", other)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_blocked_later_drops_out_of_the_list_but_the_count_stays_exact()
    {
        var owner = await _client.NewUserAsync();
        var (kept, blocked) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner);
        await Seen(id, kept);
        await Seen(id, blocked);
        await _client.BlockAsync(owner, blocked);
        await _client.SettleAsync(id);

        var list = await _client.GetJsonAsync($"/api/v1/stories/{id}/viewers", owner);

        Assert.Equal(2, list.GetProperty("viewCount").GetInt64());
        Assert.Equal([kept.Id], list.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("user").GetProperty("id").GetGuid()));
        await (await Seen(id, blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_paging_parameters_and_unknown_stories_are_refused()
    {
        var owner = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner);

        await (await _client.GetAsync($"/api/v1/stories/{id}/viewers?limit=0", owner)).AssertValidationErrorAsync("limit");
        await (await _client.GetAsync($"/api/v1/stories/{id}/viewers?cursor=garbage", owner)).AssertValidationErrorAsync("cursor");
        await (await _client.GetAsync("/api/v1/users/me/stories/archive?limit=51", owner)).AssertValidationErrorAsync("limit");
        await (await _client.GetAsync($"/api/v1/stories/{Guid.NewGuid()}/viewers", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Seen(Guid.NewGuid(), owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, "/api/v1/stories/42/seen", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> Seen(Guid id, Person who) => _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/seen", who);
}
