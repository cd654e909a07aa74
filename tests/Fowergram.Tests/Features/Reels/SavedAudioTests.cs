using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Saved audio (migration 0133): a private list of sounds, newest first; saving is idempotent.</summary>
[Collection(ApiCollection.Name)]
public sealed class SavedAudioTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private async Task<List<Guid>> SavedAsync(Media.TestUser user, string query = "") =>
        (await (await _reels.GetAsync("/api/v1/users/me/saved/audio" + query, user)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("audio").GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Saved_sounds_are_the_savers_own_newest_first_and_saving_twice_keeps_one()
    {
        var (me, other) = (await _reels.NewUserAsync(), await _reels.NewUserAsync());
        var (first, second) = (await _reels.AudioTrackAsync(), await _reels.AudioTrackAsync());
        await _reels.ReelIdAsync(other, audioTrackId: second);

        (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/audio/{first}/save", me)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/audio/{second}/save", me)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/audio/{second}/save", me)).StatusCode);

        Assert.Equal([second, first], await SavedAsync(me));
        Assert.Equal([second], await SavedAsync(me, "?limit=1"));
        Assert.Empty(await SavedAsync(other));
        var page = await (await _reels.GetAsync("/api/v1/users/me/saved/audio", me)).ReadJsonAsync();
        Assert.Equal(("Sound", "Artist", 30), (page.GetProperty("items")[0].GetProperty("audio").GetProperty("title").GetString(),
            page.GetProperty("items")[0].GetProperty("audio").GetProperty("artist").GetString(),
            page.GetProperty("items")[0].GetProperty("audio").GetProperty("durationSeconds").GetInt32()));

        Assert.Equal(HttpStatusCode.NoContent, (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/audio/{second}/save", me)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/audio/{second}/save", me)).StatusCode);
        Assert.Equal([first], await SavedAsync(me));
    }

    [Fact]
    public async Task Unknown_sounds_are_404_and_anonymous_callers_401()
    {
        var me = await _reels.NewUserAsync();
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/audio/{Guid.NewGuid()}/save", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Put, "/api/v1/audio/not-an-id/save", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/audio/{await _reels.AudioTrackAsync()}/save", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _reels.GetAsync("/api/v1/users/me/saved/audio", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM saved_audio WHERE user_id = @id", new { id = me.Id }));
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    [InlineData("DELETE FROM users WHERE id = @id")]
    public async Task A_token_whose_account_is_gone_saves_nothing(string change)
    {
        // Tokens outlive accounts: as every other write, saving needs a live account (the row gone was a foreign-key 500).
        var me = await _reels.NewUserAsync();
        var sound = await _reels.AudioTrackAsync();
        await _reels.Posts.ExecuteAsync(change, new { id = me.Id });

        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/audio/{sound}/save", me)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM saved_audio WHERE user_id = @id", new { id = me.Id }));
    }
}
