using System.Text.Json;
using Fowergram.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Stories;

/// <summary>Tray order, grouping and filters, and its agreement with get_close_friends_stories. Moves its own clock.</summary>
public sealed class StoryTrayTests(OwnClockApp fixture) : IClassFixture<OwnClockApp>
{
    private readonly StoryClient _client = new(fixture.App);

    private void Tick() => fixture.App.Clock.Advance(TimeSpan.FromSeconds(5));

    private async Task<Guid> PostAsync(Person author, string audience = "public")
    {
        Tick();
        return (await _client.CreateStoryAsync(author, audience)).Id;
    }

    [Fact]
    public async Task Tray_puts_me_first_then_unseen_authors_newest_first_then_seen_ones_each_in_play_order()
    {
        var me = await _client.NewUserAsync();
        var (seen, older, newer) = (await _client.NewUserAsync(), await _client.NewUserAsync(), await _client.NewUserAsync());
        foreach (var author in new[] { seen, older, newer }) await _client.FollowAsync(me, author);
        var seenFirst = await PostAsync(seen);
        var seenSecond = await PostAsync(seen);
        var olderStory = await PostAsync(older);
        var mine = await PostAsync(me);
        var newerStory = await PostAsync(newer);
        var seenThird = await PostAsync(seen); // newest of all, but already watched
        foreach (var id in new[] { seenFirst, seenSecond, seenThird })
            await _client.SendAsync(HttpMethod.Post, $"/api/v1/stories/{id}/seen", me);

        var tray = (await _client.GetJsonAsync("/api/v1/stories/tray", me)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal([me.Id, newer.Id, older.Id, seen.Id], tray.Select(e => e.GetProperty("author").GetProperty("id").GetGuid()));
        Assert.Equal([false, true, true, false], tray.Select(e => e.GetProperty("hasUnseen").GetBoolean()));
        Assert.Equal([seenFirst, seenSecond, seenThird], Ids(tray[3]));
        Assert.Equal([mine], Ids(tray[0]));
        Assert.Equal([olderStory], Ids(tray[2]));
        Assert.Equal([newerStory], Ids(tray[1]));
        Assert.All(tray[3].GetProperty("stories").EnumerateArray(), s => Assert.True(s.GetProperty("seen").GetBoolean()));
    }

    [Fact]
    public async Task Tray_leaves_out_story_mutes_blocks_unfollowed_and_expired_but_not_post_mutes()
    {
        var me = await _client.NewUserAsync();
        var authors = new Dictionary<string, Person>();
        foreach (var name in new[] { "storyMuted", "postMuted", "blocksMe", "blockedByMe", "unfollowed", "expired", "plain" })
            authors[name] = await _client.NewUserAsync();
        foreach (var (name, author) in authors.Where(a => a.Key != "unfollowed")) await _client.FollowAsync(me, author);
        await _client.MuteAsync(me, authors["storyMuted"], posts: false, stories: true);
        await _client.MuteAsync(me, authors["postMuted"], posts: true, stories: false);
        await _client.BlockAsync(authors["blocksMe"], me);
        await _client.BlockAsync(me, authors["blockedByMe"]);
        await PostAsync(authors["expired"]);
        fixture.App.Clock.Advance(TimeSpan.FromHours(20));
        foreach (var (name, author) in authors.Where(a => a.Key != "expired")) await PostAsync(author);
        fixture.App.Clock.Advance(TimeSpan.FromHours(4)); // the first story is now 24 h old

        var tray = await _client.GetJsonAsync("/api/v1/stories/tray", me);

        var shown = tray.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("author").GetProperty("id").GetGuid()).ToHashSet();
        Assert.Equal(new[] { authors["postMuted"].Id, authors["plain"].Id }.ToHashSet(), shown);
        // A story mute filters the tray only: the muted author's stories stay reachable on their profile.
        var list = await _client.GetJsonAsync($"/api/v1/users/{authors["storyMuted"].Username}/stories", me);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_authors_live_stories_are_listed_oldest_first()
    {
        var author = await _client.NewUserAsync();
        var viewer = await _client.NewUserAsync();
        var expired = await PostAsync(author);
        fixture.App.Clock.Advance(TimeSpan.FromHours(23));
        var first = await PostAsync(author);
        var second = await PostAsync(author, "followers"); // not for a stranger
        var third = await PostAsync(author);
        fixture.App.Clock.Advance(TimeSpan.FromHours(1));

        var list = await _client.GetJsonAsync($"/api/v1/users/{author.Username}/stories", viewer);
        var own = await _client.GetJsonAsync($"/api/v1/users/{author.Username.ToUpperInvariant()}/stories", author);

        Assert.Equal([first, third], list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal([first, second, third], own.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(expired, own.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        await (await _client.GetAsync("/api/v1/users/no_such_user_here_x/stories", viewer))
            .AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tray_and_get_close_friends_stories_agree_on_close_friends_stories()
    {
        var me = await _client.NewUserAsync();
        var listsMe = await _client.NewUserAsync();
        var listsMePrivate = await _client.NewUserAsync(isPrivate: true);
        var doesNotListMe = await _client.NewUserAsync();
        var mutedForStories = await _client.NewUserAsync();
        var blocksMe = await _client.NewUserAsync();
        var notFollowed = await _client.NewUserAsync();
        foreach (var author in new[] { listsMe, listsMePrivate, doesNotListMe, mutedForStories, blocksMe })
            await _client.FollowAsync(me, author);
        foreach (var author in new[] { listsMe, listsMePrivate, mutedForStories, blocksMe, notFollowed })
            await _client.CloseFriendAsync(author, me);
        await _client.MuteAsync(me, mutedForStories);
        await _client.BlockAsync(blocksMe, me);
        var oldest = await PostAsync(listsMe, "close_friends");
        var oldestAt = fixture.App.Clock.GetUtcNow();
        foreach (var author in new[] { listsMe, listsMePrivate, doesNotListMe, mutedForStories, blocksMe, notFollowed, me })
        {
            await PostAsync(author, "close_friends");
            await PostAsync(author, "followers");
            await PostAsync(author, "public");
        }
        // `oldest` is about to expire: both must agree to the tick.
        fixture.App.Clock.Advance(oldestAt + TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1) - fixture.App.Clock.GetUtcNow());
        var now = fixture.App.Clock.GetUtcNow();

        var tray = (await _client.GetJsonAsync("/api/v1/stories/tray", me)).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("author").GetProperty("id").GetGuid() != me.Id)
            .SelectMany(e => e.GetProperty("stories").EnumerateArray())
            .Where(s => s.GetProperty("audience").GetString() == "close_friends")
            .Select(s => s.GetProperty("id").GetGuid()).ToList();
        var ring = await _client.QueryAsync<Guid>("SELECT story_id FROM get_close_friends_stories(@me, @now)", new { me = me.Id, now });

        Assert.Equal(ring.Order(), tray.Order());
        Assert.Equal(3, ring.Count); // listsMe (2) and listsMePrivate (1)
        Assert.Contains(oldest, ring);
        fixture.App.Clock.Advance(TimeSpan.FromSeconds(2));
        var later = await _client.QueryAsync<Guid>("SELECT story_id FROM get_close_friends_stories(@me, @now)",
            new { me = me.Id, now = fixture.App.Clock.GetUtcNow() });
        Assert.DoesNotContain(oldest, later);
        Assert.DoesNotContain(oldest, StoryAudienceMatrixTests.StoryIdsIn(await _client.GetJsonAsync("/api/v1/stories/tray", me)));
    }

    [Fact]
    public async Task A_tray_entry_holds_an_authors_first_stories_as_their_list_does_however_many_they_post()
    {
        var me = await _client.NewUserAsync();
        var prolific = await _client.NewUserAsync();
        await _client.FollowAsync(me, prolific);
        await PostAsync(prolific);
        // Nothing caps how many stories an author posts a day: copies of the first, a millisecond apart, make the many.
        await _client.ExecAsync("""
            INSERT INTO stories (id, user_id, blob_name, media_type, audience, created_at, expires_at)
            SELECT gen_random_uuid(), s.user_id, s.blob_name, s.media_type, s.audience,
                   s.created_at + n * interval '1 millisecond', s.expires_at + n * interval '1 millisecond'
              FROM stories s, generate_series(1, @extra) n
             WHERE s.user_id = @author
            """, new { author = prolific.Id, extra = StoryListsApi.MaxStoriesPerAuthor });
        Tick();

        var tray = (await _client.GetJsonAsync("/api/v1/stories/tray", me)).GetProperty("items").EnumerateArray().Single();
        var list = await _client.GetJsonAsync($"/api/v1/users/{prolific.Username}/stories", me);

        Assert.Equal(StoryListsApi.MaxStoriesPerAuthor, Ids(tray).Count);
        Assert.Equal(list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()), Ids(tray));
        Assert.True(tray.GetProperty("hasUnseen").GetBoolean());
    }

    private static List<Guid> Ids(JsonElement entry) =>
        entry.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
}
