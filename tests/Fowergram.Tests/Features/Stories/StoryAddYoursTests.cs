using System.Net;
using System.Text.Json;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>
/// The "add yours" sticker (migration 0135): a story starts a chain with a prompt, others join it from a live story they may
/// see, the sticker counts the stories added, and the chain opens on the live ones the reader may see.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoryAddYoursTests(FowergramApp app)
{
    private readonly StoryClient _client = new(app);

    private static object Start(string prompt) => new { addYours = new { prompt } };

    private static object Join(Guid storyId) => new { addYours = new { storyId } };

    private async Task<HttpResponseMessage> CreateAsync(Person author, object fields, string audience = "public")
    {
        var body = new Dictionary<string, object?> { ["uploadId"] = await _client.UploadAsync(author), ["audience"] = audience };
        foreach (var p in JsonSerializer.SerializeToElement(fields, JsonSerializerOptions.Web).EnumerateObject()) body[p.Name] = p.Value;
        return await _client.SendAsync(HttpMethod.Post, "/api/v1/stories", author, body);
    }

    /// <summary>The shared test clock stands still, so stories made in a row are given distinct ages, oldest first.</summary>
    private async Task AgeInOrderAsync(params Guid[] oldestFirst)
    {
        for (var i = 0; i < oldestFirst.Length; i++)
            await _client.ExecAsync("UPDATE stories SET created_at = created_at - make_interval(mins => @minutes) WHERE id = @id",
                new { id = oldestFirst[i], minutes = oldestFirst.Length - i });
    }

    private static JsonElement Sticker(JsonElement story) => story.GetProperty("addYours");

    private static List<Guid> Ids(JsonElement chain) => chain.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task A_chain_starts_with_a_prompt_others_join_it_and_the_sticker_counts_every_story_added()
    {
        var (starter, friend, reader) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var (first, created) = await _client.CreateStoryAsync(starter, fields: Start("  Show your first car "));
        var sticker = Sticker(created);
        Assert.Equal("Show your first car", sticker.GetProperty("prompt").GetString());
        var chainId = sticker.GetProperty("id").GetGuid();

        var (second, joined) = await _client.CreateStoryAsync(friend, fields: Join(first));
        Assert.Equal(chainId, Sticker(joined).GetProperty("id").GetGuid());
        Assert.Equal("Show your first car", Sticker(joined).GetProperty("prompt").GetString());
        // Joining from a story that joined is joining the same chain; one may add more than one story.
        var (third, _) = await _client.CreateStoryAsync(starter, fields: Join(second));
        await _client.SettleAsync(first, second, third);
        await AgeInOrderAsync(first, second, third);

        var story = await _client.GetJsonAsync($"/api/v1/stories/{first}", reader);
        Assert.Equal(3L, Sticker(story).GetProperty("storyCount").GetInt64());
        var chain = await _client.GetJsonAsync($"/api/v1/stories/{second}/add-yours", reader);
        Assert.Equal(chainId, chain.GetProperty("id").GetGuid());
        Assert.Equal("Show your first car", chain.GetProperty("prompt").GetString());
        Assert.Equal(3L, chain.GetProperty("storyCount").GetInt64());
        Assert.Equal([third, second, first], Ids(chain));
        Assert.False(chain.TryGetProperty("nextCursor", out _));
        Assert.Equal(3L, await _client.ScalarAsync<long>("SELECT story_count FROM add_yours_prompts WHERE id = @chainId", new { chainId }));
    }

    [Fact]
    public async Task The_chain_shows_each_reader_only_the_live_stories_they_may_see()
    {
        var starter = await _client.NewUserAsync();
        var (privateAuthor, closeFriendsAuthor, blocker, expiring) =
            (await _client.NewUserAsync(isPrivate: true), await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        var (follower, reader) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        await _client.FollowAsync(follower, privateAuthor);
        await _client.FollowAsync(privateAuthor, starter);
        await _client.FollowAsync(closeFriendsAuthor, starter);
        var (first, _) = await _client.CreateStoryAsync(starter, fields: Start("Your desk"));
        var (hidden, _) = await _client.CreateStoryAsync(privateAuthor, fields: Join(first));
        var closeFriends = await (await CreateAsync(closeFriendsAuthor, Join(first), "close_friends")).ReadJsonAsync(HttpStatusCode.Created);
        var (blocking, _) = await _client.CreateStoryAsync(blocker, fields: Join(first));
        var (expired, _) = await _client.CreateStoryAsync(expiring, fields: Join(first));
        var closeFriendsId = closeFriends.GetProperty("id").GetGuid();
        await AgeInOrderAsync(first, hidden, closeFriendsId, blocking);
        await _client.BlockAsync(blocker, reader);
        await _client.ExecAsync("UPDATE stories SET created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days' WHERE id = @expired",
            new { expired });

        Assert.Equal([first], Ids(await _client.GetJsonAsync($"/api/v1/stories/{first}/add-yours", reader)));
        Assert.Equal([blocking, hidden, first], Ids(await _client.GetJsonAsync($"/api/v1/stories/{first}/add-yours", follower)));
        Assert.Equal([blocking, closeFriendsId, first], Ids(await _client.GetJsonAsync($"/api/v1/stories/{first}/add-yours", closeFriendsAuthor)));
        // The chain opens only from a story the reader may read: someone else's hidden story is a 404, as reading it is.
        await (await _client.GetAsync($"/api/v1/stories/{hidden}/add-yours", reader)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{blocking}/add-yours", reader)).AssertProblemAsync(HttpStatusCode.NotFound);
        // Its own author opens it from their expired story (their archive), and sees the chain's live stories only.
        Assert.DoesNotContain(expired, Ids(await _client.GetJsonAsync($"/api/v1/stories/{expired}/add-yours", expiring)));
    }

    [Fact]
    public async Task Only_a_live_story_one_may_see_with_the_sticker_is_joined_and_a_refusal_writes_nothing()
    {
        var (starter, privateStarter, joiner) = (await _client.NewUserAsync(), await _client.NewUserAsync(isPrivate: true), await _client.NewUserAsync());
        var (open, _) = await _client.CreateStoryAsync(starter, fields: Start("Your pet"));
        var (closed, _) = await _client.CreateStoryAsync(privateStarter, fields: Start("Your view"));
        var (plain, _) = await _client.CreateStoryAsync(starter);
        var (gone, _) = await _client.CreateStoryAsync(starter, fields: Start("Your lunch"));
        await _client.ExecAsync("UPDATE stories SET created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days' WHERE id = @gone",
            new { gone });
        var before = await _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = joiner.Id });
        var prompts = await _client.ScalarAsync<long>("SELECT count(*) FROM add_yours_prompts WHERE user_id = @id", new { id = joiner.Id });

        foreach (var storyId in new[] { closed, plain, gone, Guid.NewGuid() })
            await (await CreateAsync(joiner, Join(storyId))).AssertValidationErrorAsync("addYours.storyId");
        await (await CreateAsync(joiner, Join(Guid.Empty))).AssertValidationErrorAsync("addYours.storyId");
        await (await CreateAsync(joiner, new { addYours = new { prompt = "Both", storyId = open } })).AssertValidationErrorAsync("addYours");
        await (await CreateAsync(joiner, new { addYours = new { } })).AssertValidationErrorAsync("addYours.prompt");
        await (await CreateAsync(joiner, new { addYours = new { prompt = "  " } })).AssertValidationErrorAsync("addYours.prompt");
        await (await CreateAsync(joiner, Start(new string('x', 101)))).AssertValidationErrorAsync("addYours.prompt");
        await (await CreateAsync(joiner, Start("nul\u0000"))).AssertValidationErrorAsync("addYours.prompt");
        await (await CreateAsync(joiner, new { addYours = new { storyId = "not-a-uuid" } })).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(before, await _client.ScalarAsync<long>("SELECT count(*) FROM stories WHERE user_id = @id", new { id = joiner.Id }));
        Assert.Equal(prompts, await _client.ScalarAsync<long>("SELECT count(*) FROM add_yours_prompts WHERE user_id = @id", new { id = joiner.Id }));
        await _client.CreateStoryAsync(joiner, fields: Join(open));
        await (await CreateAsync(joiner, Start(new string('x', 100)))).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_chain_pages_newest_first_without_repeats_and_refuses_bad_paging()
    {
        var (starter, reader) = (await _client.NewUserAsync(), await _client.NewUserAsync());
        var (first, _) = await _client.CreateStoryAsync(starter, fields: Start("Your shoes"));
        var joined = new List<Guid> { first };
        for (var i = 0; i < 4; i++) joined.Add((await _client.CreateStoryAsync(await _client.NewUserAsync(), fields: Join(first))).Id);
        await AgeInOrderAsync([.. joined]);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await _client.GetJsonAsync($"/api/v1/stories/{first}/add-yours?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), reader);
            Assert.True(Ids(page).Count <= 2);
            seen.AddRange(Ids(page));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);
        Assert.Equal(Enumerable.Reverse(joined), seen);

        await (await _client.GetAsync($"/api/v1/stories/{first}/add-yours?limit=0", reader)).AssertValidationErrorAsync("limit");
        await (await _client.GetAsync($"/api/v1/stories/{first}/add-yours?cursor=nope", reader)).AssertValidationErrorAsync("cursor");
        await (await _client.GetAsync("/api/v1/stories/not-a-uuid/add-yours", reader)).AssertProblemAsync(HttpStatusCode.NotFound);
        var (plain, _) = await _client.CreateStoryAsync(starter);
        await (await _client.GetAsync($"/api/v1/stories/{plain}/add-yours", reader)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/stories/{first}/add-yours", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Twenty_stories_joining_at_once_are_all_counted_and_the_export_carries_the_prompt()
    {
        var starter = await _client.NewUserAsync();
        var (first, _) = await _client.CreateStoryAsync(starter, fields: Start("Your morning"));
        var joiners = new List<Person>();
        for (var i = 0; i < 20; i++) joiners.Add(await _client.NewUserAsync());
        var uploads = new List<Guid>();
        foreach (var joiner in joiners) uploads.Add(await _client.UploadAsync(joiner));

        var responses = await Task.WhenAll(joiners.Select((joiner, i) => _client.SendAsync(HttpMethod.Post, "/api/v1/stories", joiner,
            new { uploadId = uploads[i], addYours = new { storyId = first } })));
        var ids = new List<Guid> { first };
        foreach (var response in responses) ids.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        await _client.SettleAsync([.. ids]);

        Assert.Equal(21L, Sticker(await _client.GetJsonAsync($"/api/v1/stories/{first}", starter)).GetProperty("storyCount").GetInt64());
        var export = await _client.GetJsonAsync("/api/v1/users/me/export", joiners[0]);
        Assert.Equal("Your morning", export.GetProperty("stories").EnumerateArray().Single().GetProperty("addYours").GetString());
    }
}
