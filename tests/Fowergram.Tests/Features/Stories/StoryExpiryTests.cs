using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>Expiry by moving this host's clock: no job runs here, so everything follows from expires_at alone.</summary>
public sealed class StoryExpiryTests(OwnClockApp fixture) : IClassFixture<OwnClockApp>
{
    private readonly StoryClient _client = new(fixture.App);
    private TestClock Clock => fixture.App.Clock;

    private static readonly object Stickers = new
    {
        poll = new { question = "Sea or hills?", option1 = "Sea", option2 = "Hills" }, question = new { text = "Any tips?" },
    };

    private void AdvanceTo(DateTimeOffset at) => Clock.Advance(at - Clock.GetUtcNow());

    [Fact]
    public async Task At_24_hours_the_story_is_gone_from_every_path_except_its_owners_archive()
    {
        var owner = await _client.NewUserAsync();
        var follower = await _client.NewUserAsync();
        await _client.FollowAsync(follower, owner);
        var (id, created) = await _client.CreateStoryAsync(owner, "followers", Stickers);
        var expiresAt = created.GetProperty("expiresAt").GetDateTimeOffset();

        AdvanceTo(expiresAt - TimeSpan.FromSeconds(30));
        var live = await _client.GetJsonAsync($"/api/v1/stories/{id}", follower);
        var followersUrl = live.GetProperty("media").GetProperty("url").GetString()!;
        Assert.Equal(expiresAt, live.GetProperty("media").GetProperty("expiresAt").GetDateTimeOffset()); // capped at the story's end
        Assert.Equal(HttpStatusCode.OK, (await _client.FetchMediaAsync(followersUrl)).StatusCode);
        Assert.Contains(id, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", follower)));

        AdvanceTo(expiresAt);

        await AssertGoneForAsync(id, owner, follower);
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.FetchMediaAsync(followersUrl)).StatusCode);
        var archived = await _client.GetJsonAsync($"/api/v1/stories/{id}", owner);
        Assert.False(archived.GetProperty("isLive").GetBoolean());
        var ownersUrl = archived.GetProperty("media").GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _client.FetchMediaAsync(ownersUrl)).StatusCode);
        var archive = await _client.GetJsonAsync("/api/v1/users/me/stories/archive", owner);
        Assert.Equal([id], archive.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(0, (await _client.GetJsonAsync($"/api/v1/stories/{id}/viewers", owner)).GetProperty("viewCount").GetInt64());
        Assert.Equal(0, (await _client.GetJsonAsync($"/api/v1/stories/{id}/poll", owner)).GetProperty("results").GetProperty("total").GetInt64());
        Assert.Empty((await _client.GetJsonAsync($"/api/v1/stories/{id}/question/responses", owner)).GetProperty("items").EnumerateArray());
        Assert.Equal(0, await _client.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM story_views WHERE story_id = @id) + (SELECT count(*) FROM story_reactions WHERE story_id = @id)
                 + (SELECT count(*) FROM story_poll_votes v JOIN story_polls p ON p.id = v.poll_id WHERE p.story_id = @id)
                 + (SELECT count(*) FROM story_question_responses r JOIN story_questions q ON q.id = r.question_id WHERE q.story_id = @id)
            """, new { id }));
    }

    private async Task AssertGoneForAsync(Guid id, Person owner, Person follower)
    {
        await (await _client.GetAsync($"/api/v1/stories/{id}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        foreach (var who in new[] { owner, follower })
        {
            Assert.DoesNotContain(id, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", who)));
            Assert.Empty((await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/stories", who)).GetProperty("items").EnumerateArray());
            await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/seen", who)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/poll/votes", who, new { option = 1 }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/stories/{id}/reaction", who, new { type = "fire" }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/question/responses", who, new { text = "Late" }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await _client.GetAsync($"/api/v1/stories/{id}/poll", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{id}/viewers", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_story_is_still_live_one_second_before_its_24_hours_end()
    {
        var owner = await _client.NewUserAsync();
        var viewer = await _client.NewUserAsync();
        var (id, created) = await _client.CreateStoryAsync(owner, "public", Stickers);

        AdvanceTo(created.GetProperty("expiresAt").GetDateTimeOffset() - TimeSpan.FromSeconds(1));

        await _client.GetJsonAsync($"/api/v1/stories/{id}", viewer);
        Assert.Equal(HttpStatusCode.Created, (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/poll/votes", viewer, new { option = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/seen", viewer)).StatusCode);
    }

    [Fact]
    public async Task A_highlighted_story_outlives_24_hours_for_the_audience_it_had_only()
    {
        var owner = await _client.NewUserAsync();
        var (follower, stranger) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (id, _) = await _client.CreateStoryAsync(owner, "followers");
        var (publicId, _) = await _client.CreateStoryAsync(owner, "public");
        var highlight = await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner,
            new { title = "Summer", storyIds = new[] { id } })).ReadJsonAsync(HttpStatusCode.Created);
        var highlightId = highlight.GetProperty("id").GetGuid();

        Clock.Advance(TimeSpan.FromDays(3));

        await (await _client.GetAsync($"/api/v1/stories/{id}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        var seen = await _client.GetJsonAsync($"/api/v1/highlights/{highlightId}", follower);
        var story = Assert.Single(seen.GetProperty("stories").EnumerateArray());
        Assert.Equal(id, story.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await _client.FetchMediaAsync(story.GetProperty("media").GetProperty("url").GetString()!)).StatusCode);
        await (await _client.GetAsync($"/api/v1/highlights/{highlightId}", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/highlights", stranger)).GetProperty("items").EnumerateArray());
        var row = Assert.Single((await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/highlights", follower)).GetProperty("items").EnumerateArray());
        Assert.Equal(1, row.GetProperty("storyCount").GetInt32());
        Assert.Equal(id, row.GetProperty("cover").GetProperty("storyId").GetGuid());

        // An expired story may still be highlighted from the archive.
        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{highlightId}/stories/{publicId}", owner)).StatusCode);
        Assert.Equal([publicId], (await _client.GetJsonAsync($"/api/v1/highlights/{highlightId}", stranger))
            .GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task An_expired_upload_slot_makes_no_story()
    {
        var owner = await _client.NewUserAsync();
        var uploadId = await _client.UploadAsync(owner);

        Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/stories", owner, new { uploadId });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = owner.Id }));
    }

    [Fact]
    public async Task The_archive_pages_newest_first_through_live_and_expired_stories_without_deleted_ones()
    {
        var owner = await _client.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _client.CreateStoryAsync(owner)).Id);
            Clock.Advance(TimeSpan.FromHours(10));
        }
        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{ids[1]}", owner);
        var other = await _client.NewUserAsync();
        await _client.CreateStoryAsync(other);

        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await _client.GetJsonAsync("/api/v1/users/me/stories/archive?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), owner);
            pages.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);

        Assert.Equal([ids[4], ids[3], ids[2], ids[0]], pages.Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal([true, true, false, false], pages.Select(s => s.GetProperty("isLive").GetBoolean()));
        Assert.All(pages, s => Assert.Equal(owner.Id, s.GetProperty("author").GetProperty("id").GetGuid()));
    }
}
