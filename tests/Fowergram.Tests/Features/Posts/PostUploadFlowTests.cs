using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Slot → PUT bytes → create post → read URL, and every way an upload reference is refused.</summary>
[Collection(ApiCollection.Name)]
public sealed class PostUploadFlowTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task Uploaded_bytes_become_a_post_whose_read_url_serves_them()
    {
        var user = await _posts.NewUserAsync();
        var bytes = MediaSamples.Png(3000);
        var (slot, _) = await _posts.Media.UploadedAsync(user, "post", "image/png", bytes);

        var created = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new
        {
            media = new[] { new { uploadId = slot.UploadId, altText = "A red door", width = 1080, height = 1350 } },
            caption = "Front door",
        });
        var post = await created.ReadJsonAsync(HttpStatusCode.Created);

        var id = post.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/posts/{id}", created.Headers.Location?.OriginalString);
        var media = Assert.Single(post.GetProperty("media").EnumerateArray());
        // The size is the picture's own (24×16), not the 1080×1350 the client declared: what the file says wins.
        Assert.Equal(("image", "A red door", 24, 16), (media.GetProperty("type").GetString(), media.GetProperty("altText").GetString(),
            media.GetProperty("width").GetInt32(), media.GetProperty("height").GetInt32()));
        var read = await app.Client.GetAsync(media.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("image/png", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("used", await _posts.Media.StatusInDatabaseAsync(slot.UploadId));
    }

    /// <summary>A portrait phone video: stored 1280×720 with a quarter-turn matrix, shown 720×1280, 12 seconds long.</summary>
    [Fact]
    public async Task A_posts_video_records_the_size_and_length_the_file_says_not_the_declared_ones()
    {
        var user = await _posts.NewUserAsync();
        var video = MediaSamples.Movie(MediaSamples.Ftyp("qt  ", "qt  "), 4096, durationSeconds: 12, portrait: true);
        var (slot, _) = await _posts.Media.UploadedAsync(user, "post", "video/quicktime", video);

        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new
        {
            media = new[] { new { uploadId = slot.UploadId, width = 1280, height = 720, durationSeconds = 99 } },
        })).ReadJsonAsync(HttpStatusCode.Created);

        var media = Assert.Single(post.GetProperty("media").EnumerateArray());
        Assert.Equal((720, 1280, 12), (media.GetProperty("width").GetInt32(), media.GetProperty("height").GetInt32(), media.GetProperty("durationSeconds").GetInt32()));
    }

    [Fact]
    public async Task Carousel_keeps_the_order_of_its_media()
    {
        var user = await _posts.NewUserAsync();
        var slots = new List<Slot>();
        foreach (var type in new[] { "image/jpeg", "video/mp4", "image/webp" })
            slots.Add((await _posts.Media.UploadedAsync(user, "post", type, type switch
            {
                "image/jpeg" => MediaSamples.Jpeg(), "video/mp4" => MediaSamples.Mp4(durationSeconds: 12), _ => MediaSamples.WebP(),
            })).Slot);

        var post = await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new
        {
            media = new object[]
            {
                new { uploadId = slots[0].UploadId }, new { uploadId = slots[1].UploadId, durationSeconds = 12 }, new { uploadId = slots[2].UploadId },
            },
        })).ReadJsonAsync(HttpStatusCode.Created);

        var media = post.GetProperty("media").EnumerateArray().ToList();
        Assert.Equal(["image", "video", "image"], media.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal(12, media[1].GetProperty("durationSeconds").GetInt32());
        Assert.Equal(slots.Select(s => $"/media/post/{user.Id:D}/{s.UploadId:D}"), media.Select(m => new Uri(m.GetProperty("url").GetString()!).AbsolutePath));
    }

    [Fact]
    public async Task Another_users_upload_id_is_refused_with_404_and_nothing_is_created()
    {
        var owner = await _posts.NewUserAsync();
        var thief = await _posts.NewUserAsync();
        var slot = await _posts.UploadAsync(owner);

        var response = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", thief, new { media = new[] { new { uploadId = slot.UploadId } } });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = thief.Id }));
        Assert.Equal("pending", await _posts.Media.StatusInDatabaseAsync(slot.UploadId));
        await _posts.CreatePostAsync(owner); // the owner can still use their own uploads
    }

    [Fact]
    public async Task An_upload_can_back_one_post_only()
    {
        var user = await _posts.NewUserAsync();
        var slot = await _posts.UploadAsync(user);
        var body = new { media = new[] { new { uploadId = slot.UploadId } } };
        await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, body)).ReadJsonAsync(HttpStatusCode.Created);

        var again = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, body);

        var problem = await again.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("media[0].uploadId", out _));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task Wrong_magic_bytes_are_refused_the_object_deleted_and_the_other_claims_undone()
    {
        var user = await _posts.NewUserAsync();
        var good = await _posts.UploadAsync(user);
        var (bad, _) = await _posts.Media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Script());

        var response = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new
        {
            media = new[] { new { uploadId = good.UploadId }, new { uploadId = bad.UploadId } },
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("media[1].uploadId", out _));
        Assert.Equal("rejected", await _posts.Media.StatusInDatabaseAsync(bad.UploadId));
        Assert.False(await _posts.Media.ObjectExistsAsync(user, bad.UploadId));
        Assert.Equal("pending", await _posts.Media.StatusInDatabaseAsync(good.UploadId));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task Upload_for_another_purpose_or_not_yet_uploaded_is_a_conflict()
    {
        var user = await _posts.NewUserAsync();
        var avatar = await _posts.UploadAsync(user, purpose: "avatar");
        var empty = await _posts.Media.CreateSlotAsync(user, "post", "image/jpeg", 100);

        foreach (var id in new[] { avatar.UploadId, empty.UploadId })
            await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = id } } }))
                .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("pending", await _posts.Media.StatusInDatabaseAsync(avatar.UploadId));
    }

    [Fact]
    public async Task Duration_on_an_image_is_refused_and_the_slot_stays_usable()
    {
        var user = await _posts.NewUserAsync();
        var slot = await _posts.UploadAsync(user);

        var response = await _posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user,
            new { media = new[] { new { uploadId = slot.UploadId, durationSeconds = 5 } } });

        await response.AssertValidationErrorAsync("media[0].durationSeconds");
        Assert.Equal("pending", await _posts.Media.StatusInDatabaseAsync(slot.UploadId));
    }
}

/// <summary>An expired slot, on a host whose clock this class moves.</summary>
public sealed class PostUploadExpiryTests : IAsyncLifetime
{
    private readonly FowergramApp _app = TestApps.WithOwnClock();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Expired_slot_is_refused_even_before_the_clean_up_job_ran()
    {
        var posts = new PostsClient(_app);
        var user = await posts.NewUserAsync();
        var slot = await posts.UploadAsync(user);

        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        user = posts.Media.WithFreshToken(user);
        var response = await posts.SendAsync(HttpMethod.Post, "/api/v1/posts", user, new { media = new[] { new { uploadId = slot.UploadId } } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("expired", problem.GetProperty("detail").GetString());
        Assert.Equal(0L, await posts.ScalarAsync<long>("SELECT count(*) FROM posts WHERE user_id = @id", new { id = user.Id }));
    }
}
