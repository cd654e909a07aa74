using System.Net;
using Fowergram.Features.Reels;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// Saved reels (saved_reels, migration 0084): idempotent PUT/DELETE, the saver's list newest first without reels they may no
/// longer see, isSaved for the caller, an exact save count through reel-counters shown to the author only, and 404 with
/// nothing written for a reel the caller may not see.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelSaveTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private Task<HttpResponseMessage> SaveAsync(Guid reelId, TestUser? user) => _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reelId}/save", user);
    private Task<HttpResponseMessage> UnsaveAsync(Guid reelId, TestUser? user) => _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}/save", user);

    private async Task<List<Guid>> SavedAsync(TestUser user, string query = "") =>
        Videos.VideosClient.Ids(await (await _reels.GetAsync($"/api/v1/users/me/saved/reels{query}", user)).ReadJsonAsync());

    [Fact]
    public async Task Saves_are_idempotent_counted_exactly_and_the_count_is_the_authors_to_see()
    {
        var author = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(author);
        var fan = await _reels.NewUserAsync();
        var savers = new List<TestUser>();
        for (var i = 0; i < 30; i++) savers.Add(await _reels.NewUserAsync());

        var answers = await Task.WhenAll(savers.Select(s => SaveAsync(reel, s)).Concat(Enumerable.Range(0, 20).Select(_ => SaveAsync(reel, fan))));
        await _reels.SettleAsync(reel);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal(31L, await _reels.StatAsync(reel, "save_count"));
        Assert.Single(await _reels.EventsAsync(reel), e => e.Type == ReelEvents.Saved && e.ActorId == fan.Id);
        var asFan = await (await _reels.GetAsync($"/api/v1/reels/{reel}", fan)).ReadJsonAsync();
        Assert.True(asFan.GetProperty("isSaved").GetBoolean());
        Assert.False(asFan.TryGetProperty("saveCount", out _)); // the author's insight only
        var asAuthor = await (await _reels.GetAsync($"/api/v1/reels/{reel}", author)).ReadJsonAsync();
        Assert.Equal((31, false), (asAuthor.GetProperty("saveCount").GetInt32(), asAuthor.GetProperty("isSaved").GetBoolean()));

        await (await UnsaveAsync(reel, fan)).EnsureNoContentAsync();
        await (await UnsaveAsync(reel, fan)).EnsureNoContentAsync(); // idempotent
        await _reels.SettleAsync(reel);
        Assert.Equal(30L, await _reels.StatAsync(reel, "save_count"));
        Assert.False((await (await _reels.GetAsync($"/api/v1/reels/{reel}", fan)).ReadJsonAsync()).GetProperty("isSaved").GetBoolean());
    }

    [Fact]
    public async Task The_saved_list_is_newest_first_private_and_leaves_out_reels_no_longer_visible()
    {
        var saver = await _reels.NewUserAsync();
        var other = await _reels.NewUserAsync();
        var author = await _reels.NewUserAsync();
        var first = await _reels.ReelIdAsync(author);
        var second = await _reels.ReelIdAsync(author);
        var third = await _reels.ReelIdAsync(await _reels.NewUserAsync());
        foreach (var reel in new[] { first, second, third })
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await (await SaveAsync(reel, saver)).EnsureNoContentAsync();
        }
        await (await SaveAsync(first, other)).EnsureNoContentAsync();

        var page = await (await _reels.GetAsync("/api/v1/users/me/saved/reels?limit=2", saver)).ReadJsonAsync();
        Assert.Equal([third, second], Videos.VideosClient.Ids(page));
        Assert.Equal([first], await SavedAsync(saver, $"?cursor={page.GetProperty("nextCursor").GetString()}"));
        Assert.Equal([first], await SavedAsync(other));

        await _reels.Posts.BlockAsync(author, saver); // the author's reels leave the saver's sight, and so the list
        Assert.Equal([third], await SavedAsync(saver));
        await (await _reels.GetAsync("/api/v1/users/me/saved/reels", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _reels.GetAsync("/api/v1/users/me/saved/reels?limit=0", saver)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// The way out a post's save and a reel's like have (docs/reels.md "Saves"): a saver may take back the save of a reel hidden
    /// from them since — a block, the author gone private —, which otherwise stayed in saved_reels for good and in the save
    /// count the author sees, with no route to take it back (a 404). Without a save there it stays the 404 of a hidden reel.
    /// </summary>
    [Fact]
    public async Task A_saver_takes_back_the_save_of_a_reel_hidden_from_them_since_and_the_count_follows()
    {
        var author = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(author);
        var (blocked, unfollowed, stranger) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(), await _reels.NewUserAsync());
        foreach (var saver in new[] { blocked, unfollowed }) await (await SaveAsync(reel, saver)).EnsureNoContentAsync();
        await _reels.SettleAsync(reel);
        Assert.Equal(2L, await _reels.StatAsync(reel, "save_count"));

        await _reels.Posts.BlockAsync(author, blocked);
        await _reels.Posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = author.Id });
        await (await SaveAsync(reel, unfollowed)).AssertProblemAsync(HttpStatusCode.NotFound); // hidden: no new save

        foreach (var saver in new[] { blocked, unfollowed })
        {
            await (await UnsaveAsync(reel, saver)).EnsureNoContentAsync();
            await (await UnsaveAsync(reel, saver)).AssertProblemAsync(HttpStatusCode.NotFound); // nothing left to take back
        }
        await (await UnsaveAsync(reel, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _reels.SettleAsync(reel);
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM saved_reels WHERE reel_id = @reel", new { reel }));
        Assert.Equal(0L, await _reels.StatAsync(reel, "save_count"));
        Assert.Equal(2, (await _reels.EventsAsync(reel)).Count(e => e.Type == ReelEvents.Unsaved));
    }

    [Fact]
    public async Task A_reel_the_caller_may_not_see_cannot_be_saved_and_nothing_is_written()
    {
        var locked = await _reels.NewUserAsync(isPrivate: true);
        var hidden = await _reels.ReelIdAsync(locked);
        var stranger = await _reels.NewUserAsync();

        foreach (var reel in new[] { hidden, Guid.NewGuid() })
        {
            await (await SaveAsync(reel, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await UnsaveAsync(reel, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/reels/not-an-id/save", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SaveAsync(hidden, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM saved_reels WHERE reel_id = @hidden", new { hidden }));
        Assert.Empty(await SavedAsync(stranger));
    }
}
