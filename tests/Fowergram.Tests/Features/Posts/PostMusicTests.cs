using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Music on photo posts and carousels (migration 0204, docs/posts.md "Music"): a clip of a catalogue track.</summary>
[Collection(ApiCollection.Name)]
public sealed class PostMusicTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly FeedWorld _feed = new(app);

    private Task<Guid> TrackAsync(int duration = 200, string? title = null, string artist = "The Posts") =>
        MusicTracks.InsertAsync(new StoryClient(app), duration, title, artist);

    private async Task<HttpResponseMessage> CreateAsync(TestUser author, object? musicTrackId, object? musicStartSeconds, Guid? upload = null)
    {
        upload ??= (await _posts.UploadAsync(author)).UploadId;
        return await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", author,
            new { media = new[] { new { uploadId = upload } }, caption = "with a song", musicTrackId, musicStartSeconds });
    }

    private Task<HttpResponseMessage> PatchAsync(TestUser author, Guid post, object body) =>
        _posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{post}", author, body);

    private async Task<JsonElement> ViewAsync(TestUser viewer, Guid post) =>
        await (await _posts.GetAsync($"/api/v1/posts/{post}", viewer)).ReadJsonAsync();

    private static (Guid Track, string? Title, string? Artist, int Start) Clip(JsonElement post)
    {
        var music = post.GetProperty("music");
        return (music.GetProperty("trackId").GetGuid(), music.GetProperty("title").GetString(), music.GetProperty("artist").GetString(),
            music.GetProperty("startSeconds").GetInt32());
    }

    private Task<long> UsageAsync(Guid track) =>
        _posts.ScalarAsync<long>("SELECT coalesce((SELECT usage_count FROM music_track_stats WHERE track_id = @track), 0)", new { track });

    [Fact]
    public async Task A_post_plays_its_clip_in_its_view_and_in_followers_feeds_and_the_grid_lists_it()
    {
        var (author, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _feed.FollowAsync(follower, author);
        var track = await TrackAsync(title: "Carousel Song");

        var created = await (await CreateAsync(author, track, 42)).ReadJsonAsync(HttpStatusCode.Created);
        var postId = created.GetProperty("id").GetGuid();
        Assert.Equal((track, "Carousel Song", "The Posts", 42), Clip(created));
        Assert.Equal((track, "Carousel Song", "The Posts", 42), Clip(await ViewAsync(follower, postId)));
        await _feed.DrainAsync();

        var item = (await _feed.PageAsync(follower)).Items.Single(i => i.GetProperty("id").GetGuid() == postId);
        Assert.Equal((track, "Carousel Song", "The Posts", 42), Clip(item));
        var card = (await (await _posts.GetAsync($"/api/v1/users/{author.Username}/posts", follower)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Single();
        Assert.Equal(postId, card.GetProperty("id").GetGuid());
        Assert.False(card.TryGetProperty("music", out _)); // a card is the cover and counts; the post view plays the clip
    }

    [Fact]
    public async Task Without_music_a_post_has_none_and_a_clip_without_a_start_plays_from_the_beginning()
    {
        var (author, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _feed.FollowAsync(follower, author);
        var track = await TrackAsync();

        var silent = await _posts.CreatePostAsync(author, "no song");
        var fromStart = await (await CreateAsync(author, track, null)).ReadJsonAsync(HttpStatusCode.Created);
        await _feed.DrainAsync();

        Assert.False(silent.TryGetProperty("music", out _));
        Assert.Equal(0, Clip(fromStart).Start);
        var items = (await _feed.PageAsync(follower)).Items;
        Assert.False(items.Single(i => i.GetProperty("id").GetGuid() == silent.GetProperty("id").GetGuid()).TryGetProperty("music", out _));
        Assert.Equal(0, Clip(items.Single(i => i.GetProperty("id").GetGuid() == fromStart.GetProperty("id").GetGuid())).Start);
    }

    [Fact]
    public async Task A_clip_that_cannot_play_is_a_400_naming_the_field_and_writes_nothing_nor_uses_the_upload()
    {
        var author = await _posts.NewUserAsync();
        var track = await TrackAsync(duration: 30);
        var upload = (await _posts.UploadAsync(author)).UploadId;
        var status = await _posts.Media.StatusInDatabaseAsync(upload);

        await (await CreateAsync(author, Guid.NewGuid(), null, upload)).AssertValidationErrorAsync("musicTrackId");
        await (await CreateAsync(author, track, 30, upload)).AssertValidationErrorAsync("musicStartSeconds");
        await (await CreateAsync(author, track, -1, upload)).AssertValidationErrorAsync("musicStartSeconds");
        await (await CreateAsync(author, null, 3, upload)).AssertValidationErrorAsync("musicStartSeconds");
        await (await CreateAsync(author, "not-a-uuid", null, upload)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = author.Id }));
        Assert.Equal(status, await _posts.Media.StatusInDatabaseAsync(upload));
        Assert.Equal(29, Clip(await (await CreateAsync(author, track, 29, upload)).ReadJsonAsync(HttpStatusCode.Created)).Start);
    }

    [Fact]
    public async Task The_author_changes_moves_and_removes_the_music_by_patch()
    {
        var (author, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var (first, second) = (await TrackAsync(duration: 100), await TrackAsync(duration: 20, title: "Short"));
        var postId = (await (await CreateAsync(author, first, 50)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // A start alone moves the clip of the track it plays; another track without a start plays from 0.
        Assert.Equal((first, 70), Short(await (await PatchAsync(author, postId, new { musicStartSeconds = 70 })).ReadJsonAsync()));
        Assert.Equal((second, 0), Short(await (await PatchAsync(author, postId, new { musicTrackId = second })).ReadJsonAsync()));
        Assert.Equal((second, 5), Short(await (await PatchAsync(author, postId, new { musicTrackId = second, musicStartSeconds = 5 })).ReadJsonAsync()));
        var captioned = await (await PatchAsync(author, postId, new { caption = "kept" })).ReadJsonAsync();
        Assert.Equal((second, 5), Short(captioned));

        // Bad edits change nothing.
        await (await PatchAsync(author, postId, new { musicStartSeconds = 20 })).AssertValidationErrorAsync("musicStartSeconds");
        await (await PatchAsync(author, postId, new { musicTrackId = first, musicStartSeconds = 100 })).AssertValidationErrorAsync("musicStartSeconds");
        await (await PatchAsync(author, postId, new { musicTrackId = Guid.NewGuid(), caption = "lost" })).AssertValidationErrorAsync("musicTrackId");
        await (await PatchAsync(author, postId, new { musicTrackId = "nope" })).AssertValidationErrorAsync("musicTrackId");
        await (await PatchAsync(author, postId, new { musicStartSeconds = -1 })).AssertValidationErrorAsync("musicStartSeconds");
        await (await PatchAsync(author, postId, new { musicStartSeconds = "three" })).AssertValidationErrorAsync("musicStartSeconds");
        await (await PatchAsync(author, postId, new { musicTrackId = (Guid?)null, musicStartSeconds = 3 })).AssertValidationErrorAsync("musicStartSeconds");
        await (await PatchAsync(stranger, postId, new { musicTrackId = (Guid?)null })).AssertProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await ViewAsync(author, postId);
        Assert.Equal(((second, 5), "kept"), (Short(unchanged), unchanged.GetProperty("caption").GetString()));

        var removed = await (await PatchAsync(author, postId, new { musicTrackId = (Guid?)null })).ReadJsonAsync();
        Assert.False(removed.TryGetProperty("music", out _));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT music_track_id IS NULL AND music_start_seconds IS NULL FROM posts WHERE id = @postId",
            new { postId }));
        await (await PatchAsync(author, postId, new { musicStartSeconds = 3 })).AssertValidationErrorAsync("musicStartSeconds");

        static (Guid, int) Short(JsonElement post) => (Clip(post).Track, Clip(post).Start);
    }

    [Fact]
    public async Task Every_post_made_with_a_track_or_edited_to_play_it_counts_a_use_and_trends_while_live()
    {
        var author = await _posts.NewUserAsync();
        var (track, other) = (await TrackAsync(), await TrackAsync());
        var a = (await (await CreateAsync(author, track, 0)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var b = (await (await CreateAsync(author, track, 10)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await PatchAsync(author, b, new { musicTrackId = other })).ReadJsonAsync();
        await (await PatchAsync(author, b, new { musicStartSeconds = 4 })).ReadJsonAsync();   // the same track: no new use
        await (await PatchAsync(author, a, new { musicTrackId = (Guid?)null })).ReadJsonAsync(); // uses made are never taken back
        await _posts.SettleAsync(a, b);

        Assert.Equal((2L, 1L), (await UsageAsync(track), await UsageAsync(other)));
        var trending = await _posts.QueryAsync<(Guid, long)>(
            "SELECT track_id, recent_use_count FROM get_trending_music_tracks(1000, @at) WHERE track_id = ANY(@ids)",
            new { at = app.Clock.GetUtcNow(), ids = new[] { track, other } });
        Assert.Equal([(other, 1L)], trending); // post a plays nothing now; post b plays the other track
    }

    [Fact]
    public async Task A_track_leaving_the_catalogue_leaves_the_post_up_and_silent()
    {
        var (author, follower) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _feed.FollowAsync(follower, author);
        var track = await TrackAsync();
        var postId = (await (await CreateAsync(author, track, 12)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await _feed.DrainAsync();

        await _posts.ExecuteAsync("DELETE FROM music_tracks WHERE id = @track", new { track });

        var view = await ViewAsync(follower, postId);
        Assert.False(view.TryGetProperty("music", out _));
        Assert.Equal("with a song", view.GetProperty("caption").GetString());
        Assert.False((await _feed.PageAsync(follower)).Items.Single(i => i.GetProperty("id").GetGuid() == postId).TryGetProperty("music", out _));
        Assert.True(await _posts.ScalarAsync<bool>("SELECT music_track_id IS NULL FROM posts WHERE id = @postId", new { postId }));
        // The author may give it a track again; without a start it plays from 0.
        var newTrack = await TrackAsync();
        Assert.Equal(0, Clip(await (await PatchAsync(author, postId, new { musicTrackId = newTrack })).ReadJsonAsync()).Start);
    }

    [Fact]
    public async Task The_export_carries_each_posts_music()
    {
        var author = await _posts.NewUserAsync();
        var track = await TrackAsync();
        var withMusic = (await (await CreateAsync(author, track, 7)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var without = (await _posts.CreatePostAsync(author)).GetProperty("id").GetGuid();

        var posts = (await (await _posts.GetAsync("/api/v1/users/me/export", author)).ReadJsonAsync()).GetProperty("posts").EnumerateArray().ToList();
        var exported = posts.Single(p => p.GetProperty("id").GetGuid() == withMusic);
        Assert.Equal((track, 7), (exported.GetProperty("musicTrackId").GetGuid(), exported.GetProperty("musicStartSeconds").GetInt32()));
        var silent = posts.Single(p => p.GetProperty("id").GetGuid() == without);
        Assert.True(!silent.TryGetProperty("musicTrackId", out var none) || none.ValueKind == JsonValueKind.Null);
    }
}
