using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// A deleted story leaves its highlights, and a restored one comes back into them (migration 0174, docs/stories.md
/// "Highlights"): at its place in each highlight that still exists and has room, as the cover it was, whether its owner
/// restored it from "Recently deleted" or a moderator reversed its removal on appeal. Meanwhile no read shows it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryHighlightRestoreTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);
    private readonly PostsClient _posts = new(app);

    private async Task<Guid> HighlightAsync(Person owner, string title, Guid[] storyIds, Guid? coverStoryId = null) =>
        (await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title, storyIds, coverStoryId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>A highlight as read: its stories' ids in play order (a string, so records compare by value), count and cover.</summary>
    private sealed record Shown(string Stories, int Count, Guid? Cover)
    {
        public Shown(Guid[] stories, int count, Guid? cover) : this(string.Join(",", stories), count, cover) { }
    }

    /// <summary>The highlight as <paramref name="viewer"/> reads it: its stories in play order, its count and its cover.</summary>
    private async Task<Shown> ReadAsync(Guid highlight, Person viewer)
    {
        var json = await _client.GetJsonAsync($"/api/v1/highlights/{highlight}", viewer);
        return new Shown(json.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToArray(),
            json.GetProperty("storyCount").GetInt32(),
            json.TryGetProperty("cover", out var cover) ? cover.GetProperty("storyId").GetGuid() : null);
    }

    /// <summary>The owner's profile row of highlights as <paramref name="viewer"/> sees it: id and count.</summary>
    private async Task<Dictionary<Guid, int>> RowAsync(Person owner, Person viewer) =>
        (await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/highlights", viewer)).GetProperty("items").EnumerateArray()
            .ToDictionary(h => h.GetProperty("id").GetGuid(), h => h.GetProperty("storyCount").GetInt32());

    /// <summary>Stories made one clock tick apart: a highlight plays them in creation order, which is their place in it.</summary>
    private async Task<List<Guid>> StoriesAsync(Person owner, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            ids.Add((await _client.CreateStoryAsync(owner)).Id);
        }
        return ids;
    }

    private Task<long> RememberedAsync(Guid story) =>
        _client.ScalarAsync<long>("SELECT count(*) FROM deleted_highlight_stories WHERE story_id = @story", new { story });

    private TestUser AsUser(Person who) => new(who.Id, who.Username, _client.TokenOf(who));

    [Fact]
    public async Task A_story_restored_by_its_owner_is_back_at_its_place_in_both_highlights_and_their_cover_again()
    {
        var (owner, follower) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (a, story, b, c) = await StoriesAsync(owner, 4) is var s ? (s[0], s[1], s[2], s[3]) : default;
        var trips = await HighlightAsync(owner, "Trips", [a, story, b]);
        var food = await HighlightAsync(owner, "Food", [story, c], coverStoryId: story);

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner)).EnsureNoContentAsync();

        // Gone from both highlights for everyone, the counts and the cover with it.
        foreach (var viewer in new[] { owner, follower })
        {
            Assert.Equal(new Shown(new Guid[] { a, b }, 2, a), await ReadAsync(trips, viewer));
            Assert.Equal(new Shown(new Guid[] { c }, 1, c), await ReadAsync(food, viewer));
            Assert.Equal(new Dictionary<Guid, int> { [trips] = 2, [food] = 1 }, await RowAsync(owner, viewer));
        }
        Assert.Equal(2L, await RememberedAsync(story));

        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/restore", owner)).ReadJsonAsync();

        foreach (var viewer in new[] { owner, follower })
        {
            Assert.Equal(new Shown(new Guid[] { a, story, b }, 3, a), await ReadAsync(trips, viewer));
            Assert.Equal(new Shown(new Guid[] { story, c }, 2, story), await ReadAsync(food, viewer));
            Assert.Equal(new Dictionary<Guid, int> { [trips] = 3, [food] = 2 }, await RowAsync(owner, viewer));
        }
        Assert.Equal(0L, await RememberedAsync(story));
        // Restoring again (a retry) changes nothing.
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/restore", owner)).ReadJsonAsync();
        Assert.Equal(new Shown(new Guid[] { a, story, b }, 3, a), await ReadAsync(trips, owner));
    }

    [Fact]
    public async Task A_story_a_moderator_removed_is_back_in_its_highlights_when_the_appeal_is_reversed()
    {
        var (owner, follower) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, owner);
        var (a, story, b) = await StoriesAsync(owner, 3) is var s ? (s[0], s[1], s[2]) : default;
        var trips = await HighlightAsync(owner, "Trips", [a, story, b], coverStoryId: story);
        var solo = await HighlightAsync(owner, "Solo", [story]);

        var removal = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = "story", targetId = story, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{removal}/resolve", await _posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();

        Assert.Equal(new Shown(new Guid[] { a, b }, 2, a), await ReadAsync(trips, follower));
        Assert.Equal(new Shown(Array.Empty<Guid>(), 0, null), await ReadAsync(solo, owner)); // the owner sees their empty highlight
        Assert.Equal(new[] { trips }, (await RowAsync(owner, follower)).Keys.ToArray()); // others do not
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", AsUser(owner),
            new { message = "It is my own photo." })).EnsureSuccessStatusCode();

        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", await _posts.ModeratorAsync(),
            new { outcome = "reversed", notes = "looked again" })).EnsureSuccessStatusCode();

        Assert.Equal(new Shown(new Guid[] { a, story, b }, 3, story), await ReadAsync(trips, follower));
        Assert.Equal(new Shown(new Guid[] { story }, 1, story), await ReadAsync(solo, follower));
        Assert.Equal(new Dictionary<Guid, int> { [solo] = 1, [trips] = 3 }, await RowAsync(owner, follower));
        Assert.Equal(0L, await RememberedAsync(story));
    }

    [Fact]
    public async Task Taking_the_story_out_of_a_highlight_while_its_restore_is_rejoining_it_leaves_it_out()
    {
        var owner = await _client.NewUserAsync();
        var (a, story) = await StoriesAsync(owner, 2) is var s ? (s[0], s[1]) : default;
        var covered = await HighlightAsync(owner, "Covered", [a, story], coverStoryId: story);
        var left = await HighlightAsync(owner, "Left", [a, story]);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner)).EnsureNoContentAsync();

        // Hold the restore after it put the story back into both highlights, before it commits: its cover's update waits here.
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM highlights WHERE id = @covered FOR NO KEY UPDATE", new { covered }, tx);
        var restoring = _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/restore", owner);
        var restorer = Assert.NotNull(await TransactionRace.BlockedByAsync(db, holder.ProcessID, restoring));
        // The owner takes it out of the other highlight meanwhile: a highlight write, so it waits for the restore's.
        var removing = _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{left}/stories/{story}", owner);
        await TransactionRace.WaitUntilBlockedByAsync(db, restorer, removing);
        await tx.CommitAsync();

        Assert.Equal(HttpStatusCode.OK, (await restoring).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await removing).StatusCode);
        Assert.Equal(new Shown(new Guid[] { a, story }, 2, story), await ReadAsync(covered, owner));
        Assert.Equal(new Shown(new Guid[] { a }, 1, a), await ReadAsync(left, owner)); // the 204 held: it is out
    }

    [Fact]
    public async Task A_story_added_to_a_highlight_while_its_deletion_waits_is_in_no_highlight_once_deleted_and_rejoins_what_it_left()
    {
        var owner = await _client.NewUserAsync();
        var (a, story) = await StoriesAsync(owner, 2) is var s ? (s[0], s[1]) : default;
        var trips = await HighlightAsync(owner, "Trips", [a]);
        // The deletion is paused at the story's row (share-locked here), its statement's snapshot already taken.
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM stories WHERE id = @story FOR SHARE", new { story }, tx);
        var deleting = _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner);
        var deleter = Assert.NotNull(await TransactionRace.BlockedByAsync(db, holder.ProcessID, deleting));
        // Meanwhile the story is added to the highlight. The deletion holds the owner's highlight lock, so the add waits and
        // finds the story deleted (404). Before, it took no such lock: the add linked the story and committed during the wait,
        // and the deletion, unlinking from its older snapshot, left the deleted story in the highlight (its place not kept,
        // one of the highlight's 100 taken).
        var adding = _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{trips}/stories/{story}", owner);
        await TransactionRace.BlockedByAsync(db, deleter, adding); // until it waits for the deletion, or is done
        await tx.CommitAsync();
        await (await deleting).EnsureNoContentAsync();
        var add = await adding;

        Assert.Equal(0L, await _client.ScalarAsync<long>("SELECT count(*) FROM highlight_stories WHERE story_id = @story", new { story }));
        var listed = (await (await _client.GetAsync("/api/v1/users/me/stories/deleted", owner)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(i => i.GetProperty("story").GetProperty("id").GetGuid() == story);
        var left = listed.GetProperty("highlights").EnumerateArray().Select(h => h.GetProperty("id").GetGuid()).ToList();
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/restore", owner)).ReadJsonAsync();
        if (add.StatusCode == HttpStatusCode.NoContent)
        {
            // An add done before the deletion reached the highlights: its place is kept, and the restore puts it back.
            Assert.Equal([trips], left);
            Assert.Equal(new Shown(new Guid[] { a, story }, 2, a), await ReadAsync(trips, owner));
        }
        else
        {
            await add.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty(left);
            Assert.Equal(new Shown(new Guid[] { a }, 1, a), await ReadAsync(trips, owner));
        }
    }

    [Fact]
    public async Task A_highlight_deleted_or_the_story_taken_out_of_meanwhile_is_not_rejoined_and_a_cover_chosen_meanwhile_stays()
    {
        var owner = await _client.NewUserAsync();
        var (a, story) = await StoriesAsync(owner, 2) is var s ? (s[0], s[1]) : default;
        var kept = await HighlightAsync(owner, "Kept", [a, story], coverStoryId: story);
        var gone = await HighlightAsync(owner, "Gone", [a, story]);
        var left = await HighlightAsync(owner, "Left", [a, story]);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner)).EnsureNoContentAsync();

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{gone}", owner)).EnsureNoContentAsync();
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{left}/stories/{story}", owner)).EnsureNoContentAsync();
        await (await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{kept}", owner, new { coverStoryId = a })).ReadJsonAsync();
        Assert.Equal(1L, await RememberedAsync(story));

        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/restore", owner)).ReadJsonAsync();

        Assert.Equal(new Shown(new Guid[] { a, story }, 2, a), await ReadAsync(kept, owner));
        Assert.Equal(new Shown(new Guid[] { a }, 1, a), await ReadAsync(left, owner));
        await (await _client.GetAsync($"/api/v1/highlights/{gone}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(new Dictionary<Guid, int> { [left] = 1, [kept] = 2 }, await RowAsync(owner, owner));
    }

    [Fact]
    public async Task A_highlight_filled_meanwhile_is_skipped_and_the_others_take_it_back()
    {
        var owner = await _client.NewUserAsync();
        var (story, other) = await StoriesAsync(owner, 2) is var s ? (s[0], s[1]) : default;
        var full = await HighlightAsync(owner, "Full", [story, other]);
        var room = await HighlightAsync(owner, "Room", [story]);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner)).EnsureNoContentAsync();
        // The owner fills "Full" to its 100 stories meanwhile (copies of one story, made here rather than uploaded 99 times).
        await _client.ExecAsync("""
            WITH copies AS (
                INSERT INTO stories (id, user_id, blob_name, media_type, audience, created_at, expires_at)
                SELECT gen_random_uuid(), user_id, blob_name, media_type, audience, created_at + n * interval '1 second', expires_at + n * interval '1 second'
                  FROM stories, generate_series(1, 99) n WHERE id = @other
                RETURNING id, user_id)
            INSERT INTO highlight_stories (highlight_id, story_id, user_id) SELECT @full, id, user_id FROM copies
            """, new { other, full });

        // Before restoring, the owner's list tells which highlights the story will rejoin and which have no room for it.
        var listed = (await (await _client.GetAsync("/api/v1/users/me/stories/deleted", owner)).ReadJsonAsync()).GetProperty("items")
            .EnumerateArray().Single(i => i.GetProperty("story").GetProperty("id").GetGuid() == story);
        // In the order of the owner's highlights row (a new highlight comes first).
        Assert.Equal([("Room", false), ("Full", true)], listed.GetProperty("highlights").EnumerateArray()
            .Select(h => (h.GetProperty("title").GetString(), h.GetProperty("full").GetBoolean())));
        Assert.Equal([room, full], listed.GetProperty("highlights").EnumerateArray().Select(h => h.GetProperty("id").GetGuid()));

        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{story}/restore", owner)).ReadJsonAsync();

        var filled = await ReadAsync(full, owner);
        Assert.Equal(100, filled.Count);
        Assert.DoesNotContain(story.ToString(), filled.Stories);
        Assert.Equal(new Shown(new Guid[] { story }, 1, story), await ReadAsync(room, owner));
        Assert.Equal(0L, await RememberedAsync(story)); // its place in the full one is forgotten, not kept for later
    }

    [Fact]
    public async Task Deleting_for_good_or_a_takedown_of_a_deleted_story_forgets_its_places()
    {
        var owner = await _client.NewUserAsync();
        var (forgotten, reported, a) = await StoriesAsync(owner, 3) is var s ? (s[0], s[1], s[2]) : default;
        var trips = await HighlightAsync(owner, "Trips", [forgotten, reported, a]);
        // Reported while up; its owner deletes it before a moderator acts (the takedown then makes the deletion final).
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = "story", targetId = reported, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var id in new[] { forgotten, reported })
            await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{id}", owner)).EnsureNoContentAsync();
        Assert.Equal((1L, 1L), (await RememberedAsync(forgotten), await RememberedAsync(reported)));

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/stories/deleted/{forgotten}", owner)).EnsureNoContentAsync();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await _posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();

        Assert.Equal((0L, 0L), (await RememberedAsync(forgotten), await RememberedAsync(reported)));
        Assert.Equal(new Shown(new Guid[] { a }, 1, a), await ReadAsync(trips, owner));
    }
}
