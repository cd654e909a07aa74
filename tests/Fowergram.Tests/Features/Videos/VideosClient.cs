using System.Net;
using System.Text.Json;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Drives long-form videos and series over HTTP the way a client does; users and relationships come from <see cref="PostsClient"/>.</summary>
public sealed class VideosClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);
    public FowergramApp App => app;

    public Task<TestUser> NewUserAsync(bool isPrivate = false) => Posts.NewUserAsync(isPrivate);

    /// <summary>A video-purpose slot with an MP4 already PUT to its URL.</summary>
    /// <summary>A slot with an MP4 of <paramref name="durationSeconds"/> (what the claim measures) already PUT to its URL.</summary>
    public async Task<Slot> UploadAsync(TestUser user, string purpose = "video", int durationSeconds = 10) =>
        (await Posts.Media.UploadedAsync(user, purpose, "video/mp4", MediaSamples.Mp4(durationSeconds: durationSeconds))).Slot;

    public Task<HttpResponseMessage> CreateAsync(TestUser user, object body) => Posts.SendAsync(HttpMethod.Post, "/api/v1/videos", user, body);

    /// <summary>Creates a video from a fresh MP4; asserts 201 and returns the body.</summary>
    public async Task<JsonElement> CreateVideoAsync(TestUser user, string title = "Episode", bool published = true, Guid? seriesId = null,
        int durationSeconds = 600)
    {
        var slot = await UploadAsync(user);
        var response = await CreateAsync(user, new { uploadId = slot.UploadId, title, durationSeconds, published, seriesId });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<Guid> VideoIdAsync(TestUser user, string title = "Episode", bool published = true, Guid? seriesId = null) =>
        (await CreateVideoAsync(user, title, published, seriesId)).GetProperty("id").GetGuid();

    public async Task<Guid> SeriesIdAsync(TestUser user, string title = "Season one") =>
        (await (await SendAsync(HttpMethod.Post, "/api/v1/series", user, new { title, description = "All of it" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser? user, object? body = null) =>
        Posts.SendAsync(method, path, user, body);

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? user) => Posts.GetAsync(path, user);

    /// <summary>The ids of a page's items (a list answer, or the videos of a series).</summary>
    public static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    public Task<long> ViewCountAsync(Guid videoId) =>
        Posts.ScalarAsync<long>("SELECT view_count FROM igtv_stats WHERE video_id = @videoId", new { videoId });

    public Task<long> ViewRowsAsync(Guid videoId) =>
        Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_views WHERE video_id = @videoId", new { videoId });

    private EntityEvents Events => new(app, "videoId");

    /// <summary>Every consumer that handles an event about these has processed it (<see cref="EntityEvents.SettleAsync"/>).</summary>
    public Task SettleAsync(params Guid[] videoIds) => Events.SettleAsync(videoIds);

    /// <summary>The events about these, oldest first.</summary>
    public Task<List<EventEnvelope>> EventsAsync(params Guid[] videoIds) => Events.ListAsync(videoIds);
}
