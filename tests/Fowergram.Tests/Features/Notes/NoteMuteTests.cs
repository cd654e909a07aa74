using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>
/// "Mute notes" (migration 0247, PUT/DELETE /users/{username}/mute/notes): the account's notes leave the muter's tray without
/// an unfollow; both routes idempotent; the notes mute and the posts and stories mute live on one row and leave each other be.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteMuteTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task<List<string>> TrayAsync(TestUser viewer) =>
        (await (await _posts.GetAsync("/api/v1/notes", viewer)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()!).ToList();

    private async Task SendAsync(HttpMethod method, string path, TestUser user, object? body = null)
    {
        var response = await _posts.SendAsync(method, path, user, body);
        if (method == HttpMethod.Put && body is not null) response.EnsureSuccessStatusCode();
        else await response.EnsureNoContentAsync();
    }

    private async Task<JsonElement?> MutedAsync(TestUser muter, TestUser muted) =>
        (await (await _posts.GetAsync("/api/v1/users/me/muted", muter)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => (JsonElement?)i).SingleOrDefault(i => i!.Value.GetProperty("id").GetGuid() == muted.Id);

    /// <summary>The profile's relationship.muting, as the muter sees the muted account's profile.</summary>
    private async Task<string> MutingAsync(TestUser muter, TestUser muted) =>
        (await (await _posts.GetAsync($"/api/v1/users/{muted.Username}", muter)).ReadJsonAsync()).GetProperty("relationship")
            .GetProperty("muting").GetRawText();

    private Task<long> MuteEventsAsync(TestUser muter) =>
        _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'mute.changed' AND actor_id = @id", new { id = muter.Id });

    [Fact]
    public async Task Muting_notes_takes_them_out_of_the_tray_without_an_unfollow_and_unmuting_brings_them_back()
    {
        var (me, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(me, friend);
        await _posts.FollowAsync(friend, me);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var note = (await (await _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", friend, new { text = "new job!" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(["new job!"], await TrayAsync(me));

        await SendAsync(HttpMethod.Put, $"/api/v1/users/{friend.Username}/mute/notes", me);
        await SendAsync(HttpMethod.Put, $"/api/v1/users/{friend.Username}/mute/notes", me); // idempotent: one event
        Assert.Empty(await TrayAsync(me));
        Assert.Equal(1L, await MuteEventsAsync(me));
        Assert.Equal(["new job!"], await TrayAsync(friend)); // one-sided: the author still sees their own
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM follows WHERE follower_id = @a AND following_id = @b",
            new { a = me.Id, b = friend.Id }));
        var muted = (await MutedAsync(me, friend))!.Value;
        Assert.Equal((false, false, true), (muted.GetProperty("posts").GetBoolean(), muted.GetProperty("stories").GetBoolean(), muted.GetProperty("notes").GetBoolean()));
        // The profile tells it too (until 2026-12-07 its muting carried posts and stories only).
        Assert.Equal("""{"posts":false,"stories":false,"notes":true}""", await MutingAsync(me, friend));
        // The tray only: the note itself can still be liked, as a muted story can still be watched.
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/notes/{note}/like", me)).EnsureNoContentAsync();

        await SendAsync(HttpMethod.Delete, $"/api/v1/users/{friend.Username}/mute/notes", me);
        await SendAsync(HttpMethod.Delete, $"/api/v1/users/{friend.Username}/mute/notes", me);
        Assert.Equal(["new job!"], await TrayAsync(me));
        Assert.Null(await MutedAsync(me, friend));
        Assert.Equal("""{"posts":false,"stories":false,"notes":false}""", await MutingAsync(me, friend));
        Assert.Equal(2L, await MuteEventsAsync(me));
    }

    [Fact]
    public async Task The_notes_mute_and_the_posts_and_stories_mute_leave_each_other_be()
    {
        var (me, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await SendAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/mute", me, new { posts = true, stories = true });
        await SendAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/mute/notes", me);
        await SendAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/mute", me, new { posts = false, stories = true });

        // Unmuting posts and stories keeps the notes muted, and the other way round.
        await SendAsync(HttpMethod.Delete, $"/api/v1/users/{other.Username}/mute", me);
        var muted = (await MutedAsync(me, other))!.Value;
        Assert.Equal((false, false, true), (muted.GetProperty("posts").GetBoolean(), muted.GetProperty("stories").GetBoolean(), muted.GetProperty("notes").GetBoolean()));
        await SendAsync(HttpMethod.Put, $"/api/v1/users/{other.Username}/mute", me, new { posts = true });
        Assert.Equal("""{"posts":true,"stories":false,"notes":true}""", await MutingAsync(me, other));
        await SendAsync(HttpMethod.Delete, $"/api/v1/users/{other.Username}/mute/notes", me);
        muted = (await MutedAsync(me, other))!.Value;
        Assert.Equal((true, false, false), (muted.GetProperty("posts").GetBoolean(), muted.GetProperty("stories").GetBoolean(), muted.GetProperty("notes").GetBoolean()));
        await SendAsync(HttpMethod.Delete, $"/api/v1/users/{other.Username}/mute", me);
        Assert.Null(await MutedAsync(me, other));
    }

    [Fact]
    public async Task Muting_ones_own_notes_is_a_400_and_an_unknown_or_blocked_account_a_404_changing_nothing()
    {
        var (me, blocker) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.BlockAsync(blocker, me);
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete })
        {
            await (await _posts.SendAsync(method, $"/api/v1/users/{me.Username}/mute/notes", me)).AssertProblemAsync(HttpStatusCode.BadRequest);
            await (await _posts.SendAsync(method, $"/api/v1/users/{blocker.Username}/mute/notes", me)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _posts.SendAsync(method, "/api/v1/users/nobody-here-at-all/mute/notes", me)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM mutes WHERE muter_id = @id", new { id = me.Id }));
    }
}
