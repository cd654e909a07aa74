using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>The ways a post a user once saw becomes one they can no longer see, for the tests of what they may still undo.</summary>
public enum Hiding { Archived, BlockedByAuthor, BlockedAuthor, WentPrivateAndUnfollowed, DeletedByAuthor }

public static class PostHiding
{
    /// <summary>Hides <paramref name="postId"/> (by <paramref name="author"/>) from <paramref name="fan"/> as <paramref name="hiding"/> says, through the routes.</summary>
    public static async Task HideAsync(this PostsClient posts, Hiding hiding, TestUser author, TestUser fan, Guid postId)
    {
        switch (hiding)
        {
            case Hiding.Archived:
                (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{postId}/archive", author)).EnsureSuccessStatusCode();
                break;
            case Hiding.DeletedByAuthor:
                (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}", author)).EnsureSuccessStatusCode();
                break;
            case Hiding.BlockedByAuthor: await posts.BlockAsync(author, fan); break;
            case Hiding.BlockedAuthor: await posts.BlockAsync(fan, author); break;
            case Hiding.WentPrivateAndUnfollowed:
                await posts.FollowOverHttpAsync(fan, author);
                (await posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", author, new { isPrivate = true })).EnsureSuccessStatusCode();
                await posts.UnfollowOverHttpAsync(fan, author);
                break;
        }
        await (await posts.GetAsync($"/api/v1/posts/{postId}", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
