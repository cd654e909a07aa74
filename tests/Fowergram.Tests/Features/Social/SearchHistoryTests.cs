using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>Recent searches: POST/GET/DELETE /users/me/searches. Moves its own clock, so "newest first" is by time, not by id.</summary>
public sealed class SearchHistoryTests : IAsyncLifetime
{
    private const string Searches = "/api/v1/users/me/searches";
    private readonly FowergramApp _app = TestApps.WithOwnClock();
    private SocialWorld World => new(_app);

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Picks_of_every_kind_are_listed_newest_first_with_the_account_as_it_is()
    {
        var (me, ana) = (await World.UserAsync(), await World.UserAsync(fullName: "Ana Lima"));
        var tag = await HashtagAsync();

        var recorded = await (await RecordAsync(me, "user", "@" + ana.Username.ToUpperInvariant())).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((ana.Username, ana.Id), (recorded.GetProperty("term").GetString(), recorded.GetProperty("user").GetProperty("id").GetGuid()));
        await RecordAsync(me, "hashtag", "#" + tag.ToUpperInvariant(), HttpStatusCode.Created);
        await RecordAsync(me, "location", "  Chiang Mai  ", HttpStatusCode.Created);

        var items = await ListAsync(me);
        Assert.Equal([("location", "Chiang Mai"), ("hashtag", tag), ("user", ana.Username)],
            items.Select(i => (i.GetProperty("type").GetString(), i.GetProperty("term").GetString())));
        Assert.Equal("Ana Lima", items[2].GetProperty("user").GetProperty("fullName").GetString());
        Assert.False(items[0].TryGetProperty("user", out var none) && none.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Picking_again_moves_the_entry_to_the_top_without_a_second_row()
    {
        var (me, ana) = (await World.UserAsync(), await World.UserAsync());
        await RecordAsync(me, "user", ana.Username, HttpStatusCode.Created);
        await RecordAsync(me, "location", "Lisbon", HttpStatusCode.Created);
        await RecordAsync(me, "user", ana.Username.ToUpperInvariant(), HttpStatusCode.Created);
        await RecordAsync(me, "location", "LISBON", HttpStatusCode.Created);

        Assert.Equal(["LISBON", ana.Username], (await ListAsync(me)).Select(i => i.GetProperty("term").GetString()));
    }

    [Fact]
    public async Task The_answer_carries_the_time_the_list_shows_even_from_a_clock_finer_than_the_database()
    {
        var me = await World.UserAsync();
        // RecordAsync moves the clock a whole second: this lands its reading 0.7 µs past a microsecond PostgreSQL can keep.
        _app.Clock.Advance(TimeSpan.FromTicks(17 - _app.Clock.GetUtcNow().UtcTicks % 10));

        var recorded = await (await RecordAsync(me, "location", "Faro")).ReadJsonAsync(HttpStatusCode.Created);

        var listed = Assert.Single(await ListAsync(me));
        Assert.Equal(listed.GetProperty("createdAt").GetDateTimeOffset(), recorded.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Ten_identical_picks_at_once_leave_one_entry()
    {
        var me = await World.UserAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RecordAsync(me, "location", "Porto")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(await ListAsync(me));
    }

    [Fact]
    public async Task Only_the_newest_fifty_are_kept()
    {
        var me = await World.UserAsync();
        for (var i = 0; i < 52; i++) await RecordAsync(me, "location", $"Place {i}", HttpStatusCode.Created);

        var items = await ListAsync(me, "?limit=50");
        Assert.Equal(50, items.Count);
        Assert.Equal(("Place 51", "Place 2"), (items[0].GetProperty("term").GetString(), items[^1].GetProperty("term").GetString()));
    }

    [Fact]
    public async Task An_entry_the_list_hides_takes_no_place_among_the_fifty_and_goes_when_the_list_is_trimmed()
    {
        var (me, blocker) = (await World.UserAsync(), await World.UserAsync());
        for (var i = 0; i < 49; i++) await RecordAsync(me, "location", $"Place {i}", HttpStatusCode.Created);
        await RecordAsync(me, "user", blocker.Username, HttpStatusCode.Created);
        await World.BlockAsync(blocker, me); // hidden from now on, and newer than every place
        await RecordAsync(me, "location", "Place 49", HttpStatusCode.Created);
        await RecordAsync(me, "location", "Place 50", HttpStatusCode.Created);

        // Fifty shown: only "Place 0" went for the new one, not "Place 1" too for an entry the owner cannot see.
        var items = await ListAsync(me, "?limit=50");
        Assert.Equal(("Place 50", "Place 1", 50), (items[0].GetProperty("term").GetString(), items[^1].GetProperty("term").GetString(), items.Count));
        Assert.Equal(50, await SocialWorld.ScalarAsync<int>("SELECT count(*)::int FROM search_history WHERE user_id = @id", new { id = me.Id }));
    }

    [Fact]
    public async Task An_account_that_blocks_the_searcher_or_is_deleted_leaves_the_list_and_a_renamed_one_shows_its_new_name()
    {
        var (me, blocker, gone, renamed) = (await World.UserAsync(), await World.UserAsync(), await World.UserAsync(), await World.UserAsync());
        foreach (var who in new[] { blocker, gone, renamed }) await RecordAsync(me, "user", who.Username, HttpStatusCode.Created);
        await World.BlockAsync(blocker, me);
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = gone.Id });
        var newName = "rn" + Guid.NewGuid().ToString("N")[..12];
        await SocialWorld.ExecuteAsync("UPDATE users SET username = @newName WHERE id = @id", new { id = renamed.Id, newName });

        Assert.Equal([newName], (await ListAsync(me)).Select(i => i.GetProperty("term").GetString()));
        await RecordAsync(me, "user", blocker.Username, HttpStatusCode.NotFound); // and cannot be recorded again
    }

    [Fact]
    public async Task Entries_are_forgotten_one_by_one_or_all_at_once_and_only_by_their_owner()
    {
        var (me, other) = (await World.UserAsync(), await World.UserAsync());
        var first = (await (await RecordAsync(me, "location", "Hanoi")).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await RecordAsync(me, "location", "Hue", HttpStatusCode.Created);

        await (await Send(HttpMethod.Delete, $"{Searches}/{first}", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, (await ListAsync(me)).Count);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"{Searches}/{first}", me)).StatusCode);
        await (await Send(HttpMethod.Delete, $"{Searches}/{first}", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["Hue"], (await ListAsync(me)).Select(i => i.GetProperty("term").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, Searches, me)).StatusCode);
        Assert.Empty(await ListAsync(me));
        Assert.Empty(await ListAsync(other));
    }

    [Fact]
    public async Task Bad_picks_are_refused_and_record_nothing()
    {
        var (me, blocked) = (await World.UserAsync(), await World.UserAsync());
        await World.BlockAsync(me, blocked);

        await (await RecordAsync(me, null, "x")).AssertValidationErrorAsync("type");
        await (await RecordAsync(me, "place", "x")).AssertValidationErrorAsync("type");
        await (await RecordAsync(me, "location", "  ")).AssertValidationErrorAsync("term");
        await (await RecordAsync(me, "location", new string('x', 101))).AssertValidationErrorAsync("term");
        await (await RecordAsync(me, "user", "nobody_" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RecordAsync(me, "user", blocked.Username)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RecordAsync(me, "hashtag", "nohashtag" + Guid.NewGuid().ToString("N")[..8])).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RecordAsync(me, "hashtag", "two words")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.Client.SendRawAsync(HttpMethod.Post, Searches, "{", token: me.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.Client.SendRawAsync(HttpMethod.Post, Searches, """{"type":1,"term":[]}""", token: me.Token)).StatusCode);
        await (await Send(HttpMethod.Delete, $"{Searches}/not-an-id", me)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty(await ListAsync(me));
    }

    [Fact]
    public async Task A_place_is_counted_in_characters_not_utf16_units_and_must_be_one_line()
    {
        var me = await World.UserAsync();
        var globes = string.Concat(Enumerable.Repeat("\U0001F30D", 100)); // 100 characters, 200 UTF-16 units
        await RecordAsync(me, "location", globes, HttpStatusCode.Created);
        await (await RecordAsync(me, "location", globes + "x")).AssertValidationErrorAsync("term");
        foreach (var broken in new[] { "Lis\nbon", "Lis\tbon", "Lis\u0007bon", "Lis\u2028bon", "Lis\u2029bon" })
            await (await RecordAsync(me, "location", broken)).AssertValidationErrorAsync("term");

        Assert.Equal([globes], (await ListAsync(me)).Select(i => i.GetProperty("term").GetString()));
    }

    [Fact]
    public async Task A_term_that_shows_nothing_is_refused_and_a_place_typed_decomposed_is_measured_composed()
    {
        var me = await World.UserAsync();
        // Zero-width spaces, a word joiner, a lone accent: nothing the owner could read back (docs/api.md "Blank text").
        foreach (var type in new[] { "location", "user", "hashtag" })
        foreach (var blank in new[] { "\u200B\u200B", "\u2060", " \u0301 " })
            await (await RecordAsync(me, type, blank)).AssertValidationErrorAsync("term");
        // 60 accented letters typed as e + U+0301 are 120 code points and 60 characters once composed, as the place is kept.
        var accents = string.Concat(Enumerable.Repeat("e\u0301", 60));
        await RecordAsync(me, "location", accents, HttpStatusCode.Created);

        Assert.Equal([new string('\u00E9', 60)], (await ListAsync(me)).Select(i => i.GetProperty("term").GetString()));
    }

    private async Task<HttpResponseMessage> RecordAsync(SocialUser who, string? type, string term, HttpStatusCode? expected = null)
    {
        _app.Clock.Advance(TimeSpan.FromSeconds(1)); // each pick later than the last
        var response = await _app.Client.SendJsonAsync(HttpMethod.Post, Searches, new { type, term }, who.Token);
        if (expected is { } status) Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, SocialUser who) => _app.Client.SendJsonAsync(method, url, token: who.Token);

    private async Task<List<JsonElement>> ListAsync(SocialUser who, string query = "") =>
        (await (await _app.Client.GetAsync(Searches + query, who.Token)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    /// <summary>A tag a public post uses: one the searcher may know of (a tag nobody may be seen using is an unknown one).</summary>
    private async Task<string> HashtagAsync()
    {
        var name = "rs" + Guid.NewGuid().ToString("N")[..10];
        var posts = new PostsClient(_app);
        await posts.CreatePostAsync(await posts.NewUserAsync(), $"seen by all #{name}");
        return name;
    }
}
