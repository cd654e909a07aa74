using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Content;

/// <summary>
/// Every kind's restore (RecentlyDeletedApi) answers with the thing it brought back, read in the restoring transaction: read
/// after the commit, a deletion committed in between left nothing, a 404 for a restore that stood. Reels and videos have
/// theirs in ReelPostCommitReadTests and VideoPostCommitReadTests; posts and stories share the same base, checked here.
/// The deletion lands with the restore's own commit (<see cref="CommitTrigger"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RestorePostCommitReadTests(FowergramApp app)
{
    [Fact]
    public async Task A_post_deleted_again_with_its_restores_commit_is_still_answered()
    {
        var posts = new PostsClient(app);
        var author = await posts.NewUserAsync();
        var postId = (await posts.CreatePostAsync(author, "back again")).GetProperty("id").GetGuid();
        await (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureNoContentAsync();

        var response = await CommitTrigger.WithAsync("posts", $"NEW.id = '{postId}' AND NEW.deleted_at IS NULL",
            "UPDATE posts SET deleted_at = now() WHERE id = NEW.id",
            () => posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/restore", author));

        var post = await response.ReadJsonAsync();
        Assert.Equal(postId, post.GetProperty("id").GetGuid());
        Assert.Equal("back again", post.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task A_story_deleted_again_with_its_restores_commit_is_still_answered()
    {
        var stories = new StoryClient(app);
        var owner = await stories.NewUserAsync();
        var (storyId, _) = await stories.CreateStoryAsync(owner);
        await (await stories.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{storyId}", owner)).EnsureNoContentAsync();

        var response = await CommitTrigger.WithAsync("stories", $"NEW.id = '{storyId}' AND NEW.deleted_at IS NULL",
            "UPDATE stories SET deleted_at = now() WHERE id = NEW.id",
            () => stories.SendAsync(HttpMethod.Post, $"/api/v1/stories/{storyId}/restore", owner));

        var story = await response.ReadJsonAsync();
        Assert.Equal(storyId, story.GetProperty("id").GetGuid());
    }
}
