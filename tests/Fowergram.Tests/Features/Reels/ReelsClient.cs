using System.Net;
using System.Text.Json;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Drives reels over HTTP the way a client does; users and relationships come from <see cref="PostsClient"/>.</summary>
public sealed class ReelsClient(FowergramApp app)
{
    public PostsClient Posts { get; } = new(app);
    public FowergramApp App => app;

    public Task<TestUser> NewUserAsync(bool isPrivate = false) => Posts.NewUserAsync(isPrivate);

    /// <summary>A reel-purpose slot with an MP4 (of <paramref name="durationSeconds"/>: the length the claim measures) already PUT to its URL.</summary>
    public async Task<Slot> VideoAsync(TestUser user, string purpose = "reel", int durationSeconds = 10) =>
        (await Posts.Media.UploadedAsync(user, purpose, "video/mp4", MediaSamples.Mp4(durationSeconds: durationSeconds))).Slot;

    public async Task<HttpResponseMessage> CreateAsync(TestUser user, object body) => await Posts.SendAsync(HttpMethod.Post, "/api/v1/reels", user, body);

    /// <summary>Creates a reel from a fresh MP4; asserts 201 and returns the body.</summary>
    public async Task<JsonElement> CreateReelAsync(TestUser user, string caption = "", int durationSeconds = 15, Guid? audioTrackId = null,
        bool commentsDisabled = false, bool likesDisabled = false)
    {
        var slot = await VideoAsync(user, durationSeconds: durationSeconds);
        var response = await CreateAsync(user, new { uploadId = slot.UploadId, caption, durationSeconds, audioTrackId, commentsDisabled, likesDisabled });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<Guid> ReelIdAsync(TestUser user, string caption = "", Guid? audioTrackId = null) =>
        (await CreateReelAsync(user, caption, audioTrackId: audioTrackId)).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser? user, object? body = null) =>
        Posts.SendAsync(method, path, user, body);

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? user) => Posts.GetAsync(path, user);

    public async Task<Guid> CommentAsync(TestUser user, Guid reelId, string content, Guid? parentId = null) =>
        (await (await SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public async Task<Guid> AudioTrackAsync()
    {
        var id = Guid.CreateVersion7();
        await Posts.ExecuteAsync("INSERT INTO audio_tracks (id, title, artist, audio_blob_name, duration) VALUES (@id, 'Sound', 'Artist', 'audio/x', 30)",
            new { id });
        return id;
    }

    public Task<long> StatAsync(Guid reelId, string column) =>
        Posts.ScalarAsync<long>($"SELECT {column} FROM reel_stats WHERE reel_id = @reelId", new { reelId });

    public Task<long> LikeRowsAsync(Guid reelId) => Posts.ScalarAsync<long>("SELECT count(*) FROM reel_likes WHERE reel_id = @reelId", new { reelId });

    private EntityEvents Events => new(app, "reelId");

    /// <summary>Every consumer that handles an event about these has processed it (<see cref="EntityEvents.SettleAsync"/>).</summary>
    public Task SettleAsync(params Guid[] reelIds) => Events.SettleAsync(reelIds);

    /// <summary>The events about these, oldest first.</summary>
    public Task<List<EventEnvelope>> EventsAsync(params Guid[] reelIds) => Events.ListAsync(reelIds);
}
