using System.Net;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// Restoring a carousel item and publishing a scheduled post answer with the post as written, read in their own transaction.
/// Read after the commit, the author's deletion committing in between left nothing to read: a 404 for an item that was back
/// or a post that was published (its scheduled row gone, so a retry found nothing either). The deletion lands with the write's
/// own commit (<see cref="CommitTrigger"/>); PostWriteAnswerRaceTests covers the other writes answering with the post.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PostPostCommitReadTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    [Fact]
    public async Task A_carousel_item_restored_as_its_post_is_deleted_is_still_answered_with_the_post_holding_it()
    {
        var author = await _posts.NewUserAsync();
        var created = await _posts.CreatePostAsync(author, "two photos", mediaCount: 2);
        var postId = created.GetProperty("id").GetGuid();
        var itemId = created.GetProperty("media")[0].GetProperty("id").GetGuid();
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/media/{itemId}", author)).EnsureSuccessStatusCode();

        var response = await CommitTrigger.WithAsync("post_media", $"NEW.id = '{itemId}'", "UPDATE posts SET deleted_at = now() WHERE id = NEW.post_id",
            () => _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/media/{itemId}/restore", author));

        var post = await response.ReadJsonAsync();
        Assert.Equal(postId, post.GetProperty("id").GetGuid());
        Assert.Equal(2, post.GetProperty("media").GetArrayLength());
        Assert.Equal(itemId, post.GetProperty("media")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_scheduled_post_published_now_and_deleted_with_the_commit_is_still_answered_201()
    {
        var author = await _posts.NewUserAsync();
        var slot = await _posts.UploadAsync(author);
        var scheduledId = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-posts", author, new
        {
            publishAt = app.Clock.GetUtcNow() + TimeSpan.FromDays(1), caption = "now instead", media = new[] { new { uploadId = slot.UploadId } },
        })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var response = await CommitTrigger.WithAsync("posts", $"NEW.user_id = '{author.Id}' AND NEW.deleted_at IS NULL",
            "UPDATE posts SET deleted_at = now() WHERE id = NEW.id",
            () => _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/scheduled-posts/{scheduledId}/publish", author));

        var post = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("now instead", post.GetProperty("caption").GetString());
        Assert.Equal($"/api/v1/posts/{post.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
    }
}
