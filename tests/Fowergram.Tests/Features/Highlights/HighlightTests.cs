using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Highlights;

[Collection(ApiCollection.Name)]
public sealed class HighlightTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private async Task<JsonElement> CreateAsync(Person owner, string title, Guid[] storyIds, Guid? coverStoryId = null) =>
        await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title, storyIds, coverStoryId }))
            .ReadJsonAsync(HttpStatusCode.Created);

    private async Task<List<(Guid Id, string Title, int Order)>> RowAsync(Person owner, Person viewer) =>
        (await _client.GetJsonAsync($"/api/v1/users/{owner.Username}/highlights", viewer)).GetProperty("items").EnumerateArray()
            .Select(h => (h.GetProperty("id").GetGuid(), h.GetProperty("title").GetString()!, h.GetProperty("displayOrder").GetInt32())).ToList();

    private Task<long> HighlightsOfAsync(Person owner) =>
        _client.ScalarAsync<long>("SELECT count(*) FROM highlights WHERE user_id = @id", new { id = owner.Id });

    private static List<Guid> StoryIds(JsonElement highlight) =>
        highlight.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task New_highlights_come_first_with_their_stories_in_play_order_and_a_cover()
    {
        var owner = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var (b, _) = await _client.CreateStoryAsync(owner);

        var trips = await CreateAsync(owner, "  Trips ", [b, a, b], coverStoryId: b);
        var food = await CreateAsync(owner, "Food", [a]);

        Assert.Equal("Trips", trips.GetProperty("title").GetString());
        Assert.Equal(2, trips.GetProperty("storyCount").GetInt32());
        Assert.Equal(new[] { a, b }.Order(), StoryIds(trips).Order());
        Assert.Equal(b, trips.GetProperty("cover").GetProperty("storyId").GetGuid());
        Assert.Equal(a, food.GetProperty("cover").GetProperty("storyId").GetGuid()); // no cover chosen: the first story
        Assert.Equal(HttpStatusCode.OK, (await _client.FetchMediaAsync(
            trips.GetProperty("cover").GetProperty("media").GetProperty("url").GetString()!)).StatusCode);
        Assert.Equal([("Food", 0), ("Trips", 1)], (await RowAsync(owner, owner)).Select(h => (h.Title, h.Order)));
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"storyIds":["{a}"]}""", "title" },
        { """{"title":"{long}","storyIds":["{a}"]}""", "title" },
        { """{"title":"T\u0000rips","storyIds":["{a}"]}""", "title" },
        { """{"title":"Trips\nand more","storyIds":["{a}"]}""", "title" },
        { """{"title":"Tr\u2028ips","storyIds":["{a}"]}""", "title" },
        { """{"title":"Empty","storyIds":[]}""", "storyIds" },
        { """{"title":"Empty"}""", "storyIds" },
        { """{"title":"Cover","storyIds":["{a}"],"coverStoryId":"{b}"}""", "coverStoryId" },
        { """{"title":"Bad id","storyIds":["nope"]}""", "storyIds[0]" },
        { """{"title":"Many","storyIds":[{many}]}""", "storyIds" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_highlight_is_refused_and_nothing_is_made(string template, string field)
    {
        var owner = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var (b, _) = await _client.CreateStoryAsync(owner);
        var body = template.Replace("{a}", a.ToString()).Replace("{b}", b.ToString()).Replace("{long}", new string('x', 51))
            .Replace("{many}", string.Join(",", Enumerable.Range(0, 101).Select(_ => $"\"{Guid.NewGuid()}\"")));

        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/highlights")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", _client.TokenOf(owner)) },
        });

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(0, await HighlightsOfAsync(owner));
    }

    [Fact]
    public async Task Only_your_own_undeleted_stories_can_be_highlighted()
    {
        var owner = await _client.NewUserAsync();
        var other = await _client.NewUserAsync();
        var (mine, _) = await _client.CreateStoryAsync(owner);
        var (theirs, _) = await _client.CreateStoryAsync(other);
        var (gone, _) = await _client.CreateStoryAsync(owner);
        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{gone}", owner);

        foreach (var ids in new[] { new[] { mine, theirs }, [gone], [Guid.NewGuid()] })
            await (await _client.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Nope", storyIds = ids }))
                .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await HighlightsOfAsync(owner));

        var highlight = (await CreateAsync(owner, "Mine", [mine])).GetProperty("id").GetGuid();
        foreach (var id in new[] { theirs, gone })
            await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{highlight}/stories/{id}", owner))
                .AssertProblemAsync(HttpStatusCode.NotFound);
        var theirHighlight = (await CreateAsync(other, "Theirs", [theirs])).GetProperty("id").GetGuid();
        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{theirHighlight}/stories/{mine}", owner))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{theirHighlight}/stories/{theirs}", owner))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await _client.ScalarAsync<long>("SELECT count(*) FROM highlight_stories WHERE highlight_id = @id", new { id = highlight }));
        Assert.Equal(1, await _client.ScalarAsync<long>("SELECT count(*) FROM highlight_stories WHERE highlight_id = @id", new { id = theirHighlight }));
    }

    [Fact]
    public async Task Stories_are_added_and_removed_idempotently_and_removing_the_cover_falls_back_to_the_first()
    {
        var owner = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var (b, _) = await _client.CreateStoryAsync(owner);
        var id = (await CreateAsync(owner, "Both", [a])).GetProperty("id").GetGuid();

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{id}/stories/{b}", owner)).StatusCode);
        await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{id}", owner, new { coverStoryId = b });
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{id}/stories/{b}", owner)).StatusCode);

        var highlight = await _client.GetJsonAsync($"/api/v1/highlights/{id}", owner);
        Assert.Equal([a], StoryIds(highlight));
        Assert.Equal(a, highlight.GetProperty("cover").GetProperty("storyId").GetGuid());
        Assert.Null(await _client.ScalarAsync<Guid?>("SELECT cover_story_id FROM highlights WHERE id = @id", new { id }));
        await (await _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{id}/stories/nope", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_renames_sets_the_cover_and_moves_a_highlight()
    {
        var owner = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var (b, _) = await _client.CreateStoryAsync(owner);
        var first = (await CreateAsync(owner, "One", [a])).GetProperty("id").GetGuid();
        await CreateAsync(owner, "Two", [a]);
        var third = (await CreateAsync(owner, "Three", [a, b])).GetProperty("id").GetGuid();
        Assert.Equal(["Three", "Two", "One"], (await RowAsync(owner, owner)).Select(h => h.Title));

        var patched = await (await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{third}", owner,
            new { title = "Best", coverStoryId = b, displayOrder = 2 })).ReadJsonAsync();
        Assert.Equal(("Best", 2, b), (patched.GetProperty("title").GetString(), patched.GetProperty("displayOrder").GetInt32(),
            patched.GetProperty("cover").GetProperty("storyId").GetGuid()));
        Assert.Equal([("Two", 0), ("One", 1), ("Best", 2)], (await RowAsync(owner, owner)).Select(h => (h.Title, h.Order)));

        await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{first}", owner, new { displayOrder = 0 });
        Assert.Equal([("One", 0), ("Two", 1), ("Best", 2)], (await RowAsync(owner, owner)).Select(h => (h.Title, h.Order)));

        var cleared = await (await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{third}", owner, new { coverStoryId = (Guid?)null })).ReadJsonAsync();
        Assert.Equal(StoryIds(cleared)[0], cleared.GetProperty("cover").GetProperty("storyId").GetGuid()); // the first in play order
    }

    [Fact]
    public async Task Bad_patches_change_nothing()
    {
        var owner = await _client.NewUserAsync();
        var other = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var (notInIt, _) = await _client.CreateStoryAsync(owner);
        var id = (await CreateAsync(owner, "Stay", [a])).GetProperty("id").GetGuid();

        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { title = "" }, "title"), (new { title = "a\0b" }, "title"), (new { title = "a\tb" }, "title"), (new { title = "a\u2029b" }, "title"), (new { title = 5 }, "title"), (new { title = new string('x', 51) }, "title"),
                     (new { displayOrder = 1 }, "displayOrder"), (new { displayOrder = -1 }, "displayOrder"), (new { displayOrder = "0" }, "displayOrder"),
                     (new { coverStoryId = "x" }, "coverStoryId"), (new { coverStoryId = notInIt }, "coverStoryId"),
                 })
            await (await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{id}", owner, body)).AssertValidationErrorAsync(field);
        await (await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{id}", owner, new[] { 1 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{id}", other, new { title = "Mine now" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{id}", other)).AssertProblemAsync(HttpStatusCode.NotFound);

        var unchanged = await _client.GetJsonAsync($"/api/v1/highlights/{id}", owner);
        Assert.Equal(("Stay", 0), (unchanged.GetProperty("title").GetString(), unchanged.GetProperty("displayOrder").GetInt32()));
        Assert.Null(await _client.ScalarAsync<Guid?>("SELECT cover_story_id FROM highlights WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Deleting_a_highlight_closes_the_gap_and_keeps_the_stories()
    {
        var owner = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var one = await CreateAsync(owner, "One", [a]);
        var two = await CreateAsync(owner, "Two", [a]);
        await CreateAsync(owner, "Three", [a]);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{two.GetProperty("id")}", owner)).StatusCode);

        Assert.Equal([("Three", 0), ("One", 1)], (await RowAsync(owner, owner)).Select(h => (h.Title, h.Order)));
        await (await _client.GetAsync($"/api/v1/highlights/{two.GetProperty("id")}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _client.GetJsonAsync($"/api/v1/stories/{a}", owner);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{one.GetProperty("id")}", owner)).StatusCode);
        Assert.Equal([("Three", 0)], (await RowAsync(owner, owner)).Select(h => (h.Title, h.Order)));
    }

    [Fact]
    public async Task Each_viewer_sees_only_the_highlighted_stories_their_relation_allows()
    {
        var owner = await _client.NewUserAsync();
        var (stranger, follower, friend, blocked) =
            (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        foreach (var p in new[] { follower, friend, blocked }) await _client.FollowAsync(p, owner);
        await _client.CloseFriendAsync(owner, friend);
        await _client.BlockAsync(owner, blocked);
        var (open, _) = await _client.CreateStoryAsync(owner, "public");
        var (followers, _) = await _client.CreateStoryAsync(owner, "followers");
        var (close, _) = await _client.CreateStoryAsync(owner, "close_friends");
        var mixed = (await CreateAsync(owner, "Mixed", [open, followers, close], coverStoryId: close)).GetProperty("id").GetGuid();
        var secret = (await CreateAsync(owner, "Secret", [close])).GetProperty("id").GetGuid();
        var deleted = await _client.CreateStoryAsync(owner);
        var empty = (await CreateAsync(owner, "Emptied", [deleted.Id])).GetProperty("id").GetGuid();
        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{deleted.Id}", owner);

        var expected = new Dictionary<Person, Guid[]> { [stranger] = [open], [follower] = [open, followers], [friend] = [open, followers, close] };
        foreach (var (viewer, visible) in expected)
        {
            var highlight = await _client.GetJsonAsync($"/api/v1/highlights/{mixed}", viewer);
            Assert.Equal(visible.Order(), StoryIds(highlight).Order());
            Assert.Equal(visible.Length, highlight.GetProperty("storyCount").GetInt32());
            // The chosen cover for those who may see it, else the first story they may see.
            Assert.Equal(viewer == friend ? close : StoryIds(highlight)[0], highlight.GetProperty("cover").GetProperty("storyId").GetGuid());
        }
        await (await _client.GetAsync($"/api/v1/highlights/{secret}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/highlights/{mixed}", blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/users/{owner.Username}/highlights", blocked)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/highlights/{empty}", friend)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["Mixed"], (await RowAsync(owner, follower)).Select(h => h.Title));
        Assert.Equal(["Secret", "Mixed"], (await RowAsync(owner, friend)).Select(h => h.Title));
        Assert.Equal(["Emptied", "Secret", "Mixed"], (await RowAsync(owner, owner)).Select(h => h.Title));
        Assert.Equal(0, (await _client.GetJsonAsync($"/api/v1/highlights/{empty}", owner)).GetProperty("storyCount").GetInt32());
    }

    [Fact]
    public async Task A_private_accounts_highlights_are_for_its_followers()
    {
        var owner = await _client.NewUserAsync(isPrivate: true);
        var (stranger, pending, follower) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.RequestFollowAsync(pending, owner);
        await _client.FollowAsync(follower, owner);
        var (story, _) = await _client.CreateStoryAsync(owner, "public");
        var id = (await CreateAsync(owner, "Home", [story])).GetProperty("id").GetGuid();

        foreach (var outsider in new[] { stranger, pending })
        {
            await (await _client.GetAsync($"/api/v1/highlights/{id}", outsider)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty(await RowAsync(owner, outsider));
        }
        Assert.Equal([story], StoryIds(await _client.GetJsonAsync($"/api/v1/highlights/{id}", follower)));
        await (await _client.GetAsync($"/api/v1/highlights/{id}", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
    [Fact]
    public async Task An_edit_racing_the_highlights_deletion_answers_with_the_edit_or_404_never_a_500()
    {
        // The edit used to load its answer after committing: a delete committing in between left nothing to load (a 500).
        var owner = await _client.NewUserAsync();
        var (story, _) = await _client.CreateStoryAsync(owner);
        for (var round = 0; round < 30; round++)
        {
            var id = (await CreateAsync(owner, $"Round {round}", [story])).GetProperty("id").GetGuid();
            var edit = _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{id}", owner, new { title = $"Renamed {round}" });
            var delete = _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{id}", owner);
            var (edited, deleted) = (await edit, await delete);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            if (edited.StatusCode == HttpStatusCode.OK)
                Assert.Equal($"Renamed {round}", (await edited.ReadJsonAsync()).GetProperty("title").GetString());
            else
                await edited.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0, await HighlightsOfAsync(owner));
    }

    [Fact]
    public async Task Choosing_a_cover_while_that_story_is_deleted_answers_never_a_500()
    {
        var owner = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var (story, _) = await _client.CreateStoryAsync(owner);
        var next = (await CreateAsync(owner, "Next", [a])).GetProperty("id").GetGuid();
        var id = (await CreateAsync(owner, "Covered", [a, story])).GetProperty("id").GetGuid(); // first in the row

        // Hold the edit after it found the story in the highlight: moving past "Next" waits for this lock.
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM highlights WHERE id = @next FOR NO KEY UPDATE", new { next }, tx);
        var editing = _client.SendAsync(HttpMethod.Patch, $"/api/v1/highlights/{id}", owner, new { coverStoryId = story, displayOrder = 1 });
        var editor = await TransactionRace.BlockedByAsync(db, holder.ProcessID, editing);
        Assert.NotNull(editor);
        // The story is deleted meanwhile (from another device): it waits for the edit, or is done before the lock is let go.
        var deleting = _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner);
        await TransactionRace.BlockedByAsync(db, editor!.Value, deleting);
        await tx.CommitAsync();

        var edited = await editing;
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode); // it found the story, so it sets it; before the fix: a 500
        Assert.Equal(HttpStatusCode.NoContent, (await deleting).StatusCode);
        var read = await _client.GetJsonAsync($"/api/v1/highlights/{id}", owner);
        Assert.Equal([a], StoryIds(read));
        Assert.Equal(a, read.GetProperty("cover").GetProperty("storyId").GetGuid()); // the deleted cover cleared: the first
    }

    [Fact]
    public async Task Deleting_a_cover_story_while_it_is_added_to_its_highlight_again_answers_204_and_404_never_a_deadlock()
    {
        var owner = await _client.NewUserAsync();
        var (a, _) = await _client.CreateStoryAsync(owner);
        var (story, _) = await _client.CreateStoryAsync(owner);
        var id = (await CreateAsync(owner, "Covered", [a, story], coverStoryId: story)).GetProperty("id").GetGuid();

        // The deletion is held as it takes the story out of the highlight (its link key-share locked here, as choosing a cover does).
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM highlight_stories WHERE highlight_id = @id AND story_id = @story FOR KEY SHARE",
            new { id, story }, tx);
        var deleting = _client.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{story}", owner);
        var deleter = Assert.NotNull(await TransactionRace.BlockedByAsync(db, holder.ProcessID, deleting));
        // A retried add of the story to the highlight comes meanwhile. Before the fix it held the highlight's row and waited
        // for the story's, while the deletion, clearing the cover, waited for the highlight's: a deadlock, and one of them a 500.
        var adding = _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{id}/stories/{story}", owner);
        await TransactionRace.WaitUntilBlockedByAsync(db, deleter, adding);
        await tx.CommitAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await deleting).StatusCode);
        await (await adding).AssertProblemAsync(HttpStatusCode.NotFound);
        var read = await _client.GetJsonAsync($"/api/v1/highlights/{id}", owner);
        Assert.Equal([a], StoryIds(read));
        Assert.Equal(a, read.GetProperty("cover").GetProperty("storyId").GetGuid());
    }

    [Fact]
    public async Task Adding_a_story_while_the_highlight_is_deleted_answers_204_or_404_never_a_500()
    {
        // The add takes the owner's lock as the delete does, so the two take turns: the add finds the highlight or answers 404.
        var owner = await _client.NewUserAsync();
        var (first, _) = await _client.CreateStoryAsync(owner);
        var (second, _) = await _client.CreateStoryAsync(owner);
        for (var round = 0; round < 30; round++)
        {
            var id = (await CreateAsync(owner, $"Round {round}", [first])).GetProperty("id").GetGuid();
            var add = _client.SendAsync(HttpMethod.Put, $"/api/v1/highlights/{id}/stories/{second}", owner);
            var delete = _client.SendAsync(HttpMethod.Delete, $"/api/v1/highlights/{id}", owner);
            var (added, deleted) = (await add, await delete);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            if (added.StatusCode != HttpStatusCode.NoContent) await added.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0, await HighlightsOfAsync(owner));
    }
}
