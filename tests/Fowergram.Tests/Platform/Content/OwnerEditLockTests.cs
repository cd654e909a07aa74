using Dapper;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// An owner's edit of a thing (publishing a video, a new cover, a caption, a product's name, a profile photo, a comment's
/// removal) locks its row against other edits only: FOR NO KEY UPDATE, the lock its UPDATE takes anyway, never FOR UPDATE.
/// FOR UPDATE also conflicts with the key-share lock every foreign key check takes, so an edit waited for each like, save,
/// comment or view in flight on the thing — and, when a deletion had moved the row on meanwhile, a save and a cover change
/// waited for each other until PostgreSQL aborted one: a 503 (ConcurrentRouteTests, a reel's cover racing its save; a
/// video's unpublish racing its deletion). Here a reader's key-share lock is held open while the owner edits: the edit
/// must finish without ever waiting for it. (A reply in flight still holds a comment's removal up: it share-locks the
/// thread first, CommentThreadSql.LockThread.)
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OwnerEditLockTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);
    private readonly ReelsClient _reels = new(app);
    private readonly ShopClient _shop = new(app);
    private readonly MediaClient _media = new(app);
    private PostsClient Posts => _videos.Posts;

    [Theory]
    [InlineData("video-publication")]
    [InlineData("video-edit")]
    [InlineData("video-move")]
    [InlineData("series-reorder")]
    [InlineData("series-deletion")]
    [InlineData("video-thumbnail")]
    [InlineData("series-cover")]
    [InlineData("reel-edit")]
    [InlineData("reel-cover")]
    [InlineData("post-edit")]
    [InlineData("product-edit")]
    [InlineData("avatar")]
    [InlineData("post-comment-removal")]
    [InlineData("reel-comment-removal")]
    [InlineData("video-comment-removal")]
    public async Task An_owners_edit_does_not_wait_for_a_readers_like_or_save_in_flight(string edit)
    {
        var owner = await Posts.NewUserAsync();
        var (table, id, send) = await EditAsync(edit, owner);

        // What the foreign key check of a like, save, comment or view of the thing holds until its transaction ends.
        await using var reader = await Posts.Db.OpenConnectionAsync();
        await using var inFlight = await reader.BeginTransactionAsync();
        Assert.Equal(1, await reader.ExecuteScalarAsync<int>($"SELECT 1 FROM {table} WHERE id = @id FOR KEY SHARE", new { id }, inFlight));

        var editing = send();
        var waiting = await TransactionRace.BlockedByAsync(Posts.Db, reader.ProcessID, editing);
        await inFlight.CommitAsync();
        Assert.True(waiting is null, $"The owner's {edit} waited for a reader's key-share lock on its {table} row.");
        (await editing).EnsureSuccessStatusCode();
    }

    /// <summary>The thing's table and id, and the owner's edit of it.</summary>
    private async Task<(string Table, Guid Id, Func<Task<HttpResponseMessage>> Send)> EditAsync(string edit, TestUser owner)
    {
        switch (edit)
        {
            case "video-publication":
            {
                var video = await _videos.VideoIdAsync(owner);
                return ("igtv_videos", video, () => _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/unpublish", owner));
            }
            case "video-edit":
            {
                var video = await _videos.VideoIdAsync(owner);
                return ("igtv_videos", video, () => _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", owner, new { title = "Renamed" }));
            }
            case "video-move":
            {
                var (video, other) = (await _videos.VideoIdAsync(owner, seriesId: await _videos.SeriesIdAsync(owner)), await _videos.SeriesIdAsync(owner));
                return ("igtv_videos", video, () => _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", owner, new { seriesId = other }));
            }
            case "series-reorder":
            {
                var series = await _videos.SeriesIdAsync(owner);
                var (first, second) = (await _videos.VideoIdAsync(owner, seriesId: series), await _videos.VideoIdAsync(owner, seriesId: series));
                return ("igtv_videos", first, () => _videos.SendAsync(HttpMethod.Put, $"/api/v1/series/{series}/order", owner, new { videoIds = new[] { second, first } }));
            }
            case "series-deletion":
            {
                // The series goes and its videos stay, outside any series (ON DELETE SET NULL).
                var series = await _videos.SeriesIdAsync(owner);
                var video = await _videos.VideoIdAsync(owner, seriesId: series);
                return ("igtv_videos", video, () => _videos.SendAsync(HttpMethod.Delete, $"/api/v1/series/{series}", owner));
            }
            case "video-thumbnail":
            {
                var (video, cover) = (await _videos.VideoIdAsync(owner), await CoverAsync(owner));
                return ("igtv_videos", video, () => _videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{video}/thumbnail", owner, new { uploadId = cover }));
            }
            case "series-cover":
            {
                var (series, cover) = (await _videos.SeriesIdAsync(owner), await CoverAsync(owner));
                return ("igtv_series", series, () => _videos.SendAsync(HttpMethod.Put, $"/api/v1/series/{series}/cover", owner, new { uploadId = cover }));
            }
            case "reel-edit":
            {
                var reel = await _reels.ReelIdAsync(owner);
                return ("reels", reel, () => _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", owner, new { caption = "Renamed" }));
            }
            case "reel-cover":
            {
                var (reel, cover) = (await _reels.ReelIdAsync(owner), await CoverAsync(owner));
                return ("reels", reel, () => _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/cover", owner, new { uploadId = cover }));
            }
            case "post-edit":
            {
                var post = await Posts.PostIdAsync(owner);
                return ("posts", post, () => Posts.SendAsync(HttpMethod.Patch, $"/api/v1/posts/{post}", owner, new { caption = "Renamed" }));
            }
            case "product-edit":
            {
                var seller = await _shop.SellerAsync();
                var product = await _shop.ProductIdAsync(seller);
                return ("products", product, () => Posts.SendAsync(HttpMethod.Patch, $"/api/v1/products/{product}", seller, new { name = "Renamed mug" }));
            }
            case "avatar":
            {
                var photo = (await _media.UploadedAsync(owner, "avatar", "image/jpeg", MediaSamples.Jpeg())).Slot.UploadId;
                return ("users", owner.Id, () => Posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/avatar", owner, new { uploadId = photo }));
            }
            case "post-comment-removal":
            case "reel-comment-removal":
            case "video-comment-removal":
            {
                // The thing's author removes a comment (soft delete) while someone's like of it is in flight.
                var (kind, table) = edit switch
                {
                    "post-comment-removal" => ("posts", "comments"),
                    "reel-comment-removal" => ("reels", "reel_comments"),
                    _ => ("videos", "igtv_comments"),
                };
                var thing = kind switch
                {
                    "posts" => await Posts.PostIdAsync(owner),
                    "reels" => await _reels.ReelIdAsync(owner),
                    _ => await _videos.VideoIdAsync(owner),
                };
                var comment = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/{kind}/{thing}/comments", owner, new { content = "Remove me" }))
                    .ReadJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();
                return (table, comment, () => Posts.SendAsync(HttpMethod.Delete, $"/api/v1/{kind}/{thing}/comments/{comment}", owner));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(edit), edit, "No such edit.");
        }
    }

    private async Task<Guid> CoverAsync(TestUser owner) => (await Posts.UploadAsync(owner, MediaSamples.Jpeg(), purpose: "cover")).UploadId;
}
