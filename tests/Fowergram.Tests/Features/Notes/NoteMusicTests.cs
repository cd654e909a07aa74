using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Notes;

/// <summary>Music on notes (migration 0117): a clip of a catalogue track, shown in the tray, silent once the track is withdrawn.</summary>
[Collection(ApiCollection.Name)]
public sealed class NoteMusicTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private Task<HttpResponseMessage> SetAsync(TestUser author, object body) => _posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", author, body);

    [Fact]
    public async Task A_note_plays_its_clip_for_those_it_is_shown_to_until_the_track_leaves_the_catalogue()
    {
        var (author, friend) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(author, friend);
        await _posts.FollowAsync(friend, author);
        var track = await MusicTracks.InsertAsync(new StoryClient(app), duration: 200, title: "Summer Song", artist: "The Notes");

        var note = await (await SetAsync(author, new { text = "on repeat", musicTrackId = track, musicStartSeconds = 42 })).ReadJsonAsync(HttpStatusCode.Created);
        var music = note.GetProperty("music");
        Assert.Equal((track, "Summer Song", "The Notes", 42), (music.GetProperty("trackId").GetGuid(), music.GetProperty("title").GetString(),
            music.GetProperty("artist").GetString(), music.GetProperty("startSeconds").GetInt32()));
        var seen = (await (await _posts.GetAsync("/api/v1/notes", friend)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("id").GetGuid() == note.GetProperty("id").GetGuid());
        Assert.Equal(42, seen.GetProperty("music").GetProperty("startSeconds").GetInt32());

        await _posts.ExecuteAsync("DELETE FROM music_tracks WHERE id = @track", new { track });
        var silent = (await (await _posts.GetAsync("/api/v1/notes", friend)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("id").GetGuid() == note.GetProperty("id").GetGuid());
        Assert.False(silent.TryGetProperty("music", out _));
        Assert.Equal("on repeat", silent.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Every_note_made_with_a_track_is_a_use_of_it_and_a_refused_one_is_not()
    {
        var author = await _posts.NewUserAsync();
        var track = await MusicTracks.InsertAsync(new StoryClient(app), duration: 30);
        Task<long> UsesAsync() => _posts.ScalarAsync<long>("SELECT coalesce((SELECT usage_count FROM music_track_stats WHERE track_id = @track), 0)", new { track });

        await (await SetAsync(author, new { text = "one", musicTrackId = track })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await UsesAsync());
        await (await SetAsync(author, new { text = "two", musicTrackId = track, musicStartSeconds = 5 })).ReadJsonAsync(HttpStatusCode.Created);
        await (await SetAsync(author, new { text = "silent" })).ReadJsonAsync(HttpStatusCode.Created);
        await (await SetAsync(author, new { text = "x", musicTrackId = track, musicStartSeconds = 30 })).AssertValidationErrorAsync("musicStartSeconds");
        Assert.Equal(2, await UsesAsync());
        var found = (await (await _posts.GetAsync("/api/v1/music/tracks?q=" + Uri.EscapeDataString(await _posts.ScalarAsync<string>(
            "SELECT title FROM music_tracks WHERE id = @track", new { track })), author)).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("id").GetGuid() == track);
        Assert.Equal(2, found.GetProperty("usageCount").GetInt64());
    }

    [Fact]
    public async Task A_clip_that_cannot_play_is_a_400_and_keeps_the_last_note()
    {
        var author = await _posts.NewUserAsync();
        var track = await MusicTracks.InsertAsync(new StoryClient(app), duration: 30);
        var kept = await (await SetAsync(author, new { text = "first" })).ReadJsonAsync(HttpStatusCode.Created);

        await (await SetAsync(author, new { text = "x", musicTrackId = Guid.NewGuid() })).AssertValidationErrorAsync("musicTrackId");
        await (await SetAsync(author, new { text = "x", musicTrackId = track, musicStartSeconds = 30 })).AssertValidationErrorAsync("musicStartSeconds");
        await (await SetAsync(author, new { text = "x", musicTrackId = track, musicStartSeconds = -1 })).AssertValidationErrorAsync("musicStartSeconds");
        await (await SetAsync(author, new { text = "x", musicStartSeconds = 3 })).AssertValidationErrorAsync("musicStartSeconds");

        var tray = (await (await _posts.GetAsync("/api/v1/notes", author)).ReadJsonAsync()).GetProperty("items").EnumerateArray().First();
        Assert.Equal(kept.GetProperty("id").GetGuid(), tray.GetProperty("id").GetGuid());
    }
}
