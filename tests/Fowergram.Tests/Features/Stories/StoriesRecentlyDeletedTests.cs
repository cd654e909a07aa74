using System.Net;
using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Platform.Content;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// "Recently deleted" stories (migration 0166): a deleted story waits for its owner, media kept, who may restore it — live
/// again within its 24 hours, else back in the archive — or delete it for good; nobody else sees or touches it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoriesRecentlyDeletedTests(FowergramApp app)
{
    private static readonly TimeSpan Window = new StoryOptions().RestoreWindow;
    private readonly StoryClient _client = new(app);

    private Task<HttpResponseMessage> DeleteAsync(Person owner, Guid id) => _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", owner);

    private Task<HttpResponseMessage> RestoreAsync(Person owner, Guid id) => _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/restore", owner);

    private Task<HttpResponseMessage> ForgetAsync(Person owner, Guid id) => _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/stories/deleted/{id}", owner);

    private async Task<List<JsonElement>> ListAsync(Person owner) =>
        (await _client.GetJsonAsync("/api/v1/users/me/stories/deleted", owner)).GetProperty("items").EnumerateArray().ToList();

    private async Task<List<Guid>> ArchiveAsync(Person owner) => (await _client.GetJsonAsync("/api/v1/users/me/stories/archive", owner))
        .GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task A_deleted_story_waits_in_its_owners_list_with_its_media_and_is_gone_everywhere_else()
    {
        var (owner, other) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (id, _) = await _client.CreateStoryAsync(owner);
        var deletedAt = Timestamps.Now(app.Clock);

        await (await DeleteAsync(owner, id)).EnsureNoContentAsync();

        var item = Assert.Single(await ListAsync(owner));
        Assert.Equal(id, item.GetProperty("story").GetProperty("id").GetGuid());
        // Within its 24 hours yet deleted: not live (it said isLive: true, as if it were still in the tray).
        Assert.False(item.GetProperty("story").GetProperty("isLive").GetBoolean());
        (await _client.FetchMediaAsync(item.GetProperty("story").GetProperty("media").GetProperty("url").GetString()!)).EnsureSuccessStatusCode();
        Assert.Equal((deletedAt, deletedAt + Window), (item.GetProperty("deletedAt").GetDateTimeOffset(), item.GetProperty("restorableUntil").GetDateTimeOffset()));
        await (await _client.GetAsync($"/api/v1/stories/{id}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await ArchiveAsync(owner));
        Assert.Empty(await ListAsync(other));
        Assert.Null(await _client.ScalarAsync<DateTimeOffset?>("SELECT media_deleted_at FROM stories WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Restoring_within_its_24_hours_puts_the_story_back_in_the_tray_with_its_views_and_its_chain_counts_it_again()
    {
        var (owner, follower, starter) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (first, _) = await _client.CreateStoryAsync(starter, fields: new { addYours = new { prompt = "Your desk" } });
        var (id, _) = await _client.CreateStoryAsync(owner, fields: new { addYours = new { storyId = first } });
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/seen", follower)).EnsureNoContentAsync();
        await _client.SettleAsync(first, id);
        await (await DeleteAsync(owner, id)).EnsureNoContentAsync();
        await _client.SettleAsync(id);
        Assert.Equal(1L, await ChainCountAsync(first));

        var restored = await (await RestoreAsync(owner, id)).ReadJsonAsync();
        await _client.SettleAsync(id);

        Assert.Equal((id, true, 1L), (restored.GetProperty("id").GetGuid(), restored.GetProperty("isLive").GetBoolean(), restored.GetProperty("viewCount").GetInt64()));
        var tray = await _client.GetJsonAsync("/api/v1/stories/tray", follower);
        Assert.Contains(id, tray.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("stories").EnumerateArray()).Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(2L, await ChainCountAsync(first));
        Assert.Empty(await ListAsync(owner));
        Assert.Equal(id, (await (await RestoreAsync(owner, id)).ReadJsonAsync()).GetProperty("id").GetGuid()); // a retry: the same 200
        Assert.Equal(1L, await _client.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'story.restored' AND payload->>'storyId' = @key",
            new { key = id.ToString() }));
    }

    [Fact]
    public async Task A_story_restored_after_its_24_hours_goes_back_to_the_archive_and_to_its_highlight()
    {
        var (owner, follower) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (id, _) = await _client.CreateStoryAsync(owner);
        var highlight = (await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Trip", storyIds = new[] { id, (await _client.CreateStoryAsync(owner)).Id } }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await DeleteAsync(owner, id)).EnsureNoContentAsync();
        await _client.ExecAsync("""
            UPDATE stories SET created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days',
                               deleted_at = deleted_at - interval '1 day', restorable_until = restorable_until - interval '1 day'
             WHERE id = @id
            """, new { id });

        var restored = await (await RestoreAsync(owner, id)).ReadJsonAsync();

        Assert.False(restored.GetProperty("isLive").GetBoolean());
        Assert.Contains(id, await ArchiveAsync(owner));
        await (await _client.GetAsync($"/api/v1/stories/{id}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1L, await _client.ScalarAsync<long>("SELECT count(*) FROM highlight_stories WHERE highlight_id = @highlight AND story_id = @id",
            new { highlight, id })); // StoryHighlightRestoreTests: its place, its cover, and what is not restored
    }

    [Fact]
    public async Task Deleting_for_good_ends_restoring_and_another_accounts_story_is_a_404_that_changes_nothing()
    {
        var (owner, stranger) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (forgotten, _) = await _client.CreateStoryAsync(owner);
        var (waiting, _) = await _client.CreateStoryAsync(owner);
        var (live, _) = await _client.CreateStoryAsync(owner);
        foreach (var id in new[] { forgotten, waiting }) await (await DeleteAsync(owner, id)).EnsureNoContentAsync();
        var before = await StateAsync(waiting, live);

        await (await RestoreAsync(stranger, waiting)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(stranger, waiting)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(stranger, live)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(owner, live)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync(waiting, live));

        await (await ForgetAsync(owner, forgotten)).EnsureNoContentAsync();
        Assert.Equal([waiting], (await ListAsync(owner)).Select(i => i.GetProperty("story").GetProperty("id").GetGuid()));
        await (await RestoreAsync(owner, forgotten)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(owner, forgotten)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_story_past_its_window_is_neither_listed_nor_restorable()
    {
        var owner = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner);
        await (await DeleteAsync(owner, id)).EnsureNoContentAsync();
        await _client.ExecAsync("UPDATE stories SET deleted_at = deleted_at - @back, restorable_until = restorable_until - @back WHERE id = @id",
            new { id, back = Window + TimeSpan.FromMinutes(1) });

        Assert.Empty(await ListAsync(owner));
        await (await RestoreAsync(owner, id)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(owner, id)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// An old archived story whose media story-expiry already removed (expired, in no highlight, past the grace) cannot come
    /// back (stories_restorable_while_deleted), so its owner's deletion is final at once: gone from the archive, not offered in
    /// "Recently deleted", not restorable. Before, the deletion asked to keep it restorable, failed the CHECK and answered 500:
    /// the owner could not delete their old stories at all.
    /// </summary>
    [Fact]
    public async Task An_old_story_whose_media_were_removed_is_deleted_for_good_at_once()
    {
        var owner = await _client.NewUserAsync();
        var (id, _) = await _client.CreateStoryAsync(owner);
        await _client.ExecAsync("""
            UPDATE stories SET created_at = created_at - interval '60 days', expires_at = expires_at - interval '60 days',
                               media_deleted_at = @now - interval '29 days'
             WHERE id = @id
            """, new { id, now = app.Clock.GetUtcNow() });

        await (await DeleteAsync(owner, id)).EnsureNoContentAsync();

        Assert.DoesNotContain(id, await ArchiveAsync(owner));
        Assert.Empty(await ListAsync(owner));
        await (await RestoreAsync(owner, id)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await DeleteAsync(owner, id)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await _client.ScalarAsync<DateTimeOffset?>("SELECT restorable_until FROM stories WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Bad_requests_are_problems()
    {
        var owner = await _client.NewUserAsync();
        await (await RestoreAsync(owner, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, "/api/v1/stories/not-an-id/restore", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Delete, "/api/v1/users/me/stories/deleted/not-an-id", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/v1/users/me/stories/deleted?limit=51", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.GetAsync("/api/v1/users/me/stories/deleted", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<long> ChainCountAsync(Guid first) => _client.ScalarAsync<long>(
        "SELECT p.story_count FROM add_yours_prompts p JOIN stories s ON s.add_yours_prompt_id = p.id WHERE s.id = @first", new { first });

    private Task<string> StateAsync(params Guid[] ids) => _client.ScalarAsync<string>(
        "SELECT string_agg(concat(id, deleted_at, restorable_until, media_deleted_at), ',' ORDER BY id) FROM stories WHERE id = ANY(@ids)", new { ids });
}
