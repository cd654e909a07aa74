using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// What <see cref="GoneAccountSharedReadTests"/>' walk cannot judge: it reads the gone account's own things, which a gone
/// viewer would also see through the owner's branch of the visibility rule. Someone else's public post, reel, video, series
/// and sound are refused to a token whose account is gone just the same (401 problem+json), while a guest still reads them,
/// and the account, back, reads them again. docs/accounts.md "Sessions".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneReaderOfOthersContentTests(FowergramApp app)
{
    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task A_gone_reader_is_refused_someone_elses_public_things_a_guest_is_not(string gone, string back)
    {
        var posts = new PostsClient(app);
        var reels = new ReelsClient(app);
        var videos = new VideosClient(app);
        var author = await posts.NewUserAsync();
        var reader = await posts.NewUserAsync();
        var post = await posts.PostIdAsync(author, "public");
        var track = await reels.AudioTrackAsync();
        var reel = await reels.ReelIdAsync(author, "public", track);
        var reelComment = await reels.CommentAsync(author, reel, "first");
        var series = await videos.SeriesIdAsync(author);
        var video = await videos.VideoIdAsync(author, seriesId: series);
        string[] urls =
        [
            $"/api/v1/posts/{post}", $"/api/v1/posts/{post}/comments", $"/api/v1/posts/{post}/likers", $"/api/v1/posts/{post}/reposts",
            $"/api/v1/reels/{reel}", $"/api/v1/reels/{reel}/comments", $"/api/v1/reels/{reel}/comments/{reelComment}/replies",
            $"/api/v1/reels/{reel}/likers", $"/api/v1/reels/{reel}/remixes", $"/api/v1/audio/{track}/reels",
            $"/api/v1/videos/{video}", $"/api/v1/videos/{video}/comments", $"/api/v1/videos/{video}/likers", $"/api/v1/series/{series}",
        ];
        foreach (var url in urls) Assert.Equal(HttpStatusCode.OK, (await posts.GetAsync(url, reader)).StatusCode);

        await posts.ExecuteAsync(gone, new { id = reader.Id });
        foreach (var url in urls)
        {
            using var refused = await posts.GetAsync(url, reader);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{url} → {(int)refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var guest = await posts.GetAsync(url, null);
            Assert.True(guest.StatusCode == HttpStatusCode.OK, $"{url} as a guest → {(int)guest.StatusCode}");
        }

        await posts.ExecuteAsync(back, new { id = reader.Id });
        foreach (var url in urls) Assert.Equal(HttpStatusCode.OK, (await posts.GetAsync(url, reader)).StatusCode);
    }
}
