using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// The ways a post (or a reel, a long-form video) a user once saw becomes one they can no longer see, for the tests of what
/// they may still undo. Reels and videos have no archive.
/// </summary>
public enum Hiding { Archived, BlockedByAuthor, BlockedAuthor, WentPrivateAndUnfollowed, DeletedByAuthor }

public static class PostHiding
{
    /// <summary>Hides <paramref name="postId"/> (by <paramref name="author"/>) from <paramref name="fan"/> as <paramref name="hiding"/> says, through the routes.</summary>
    public static Task HideAsync(this PostsClient posts, Hiding hiding, TestUser author, TestUser fan, Guid postId) =>
        posts.HideAsync(hiding, author, fan, $"/api/v1/posts/{postId}");

    /// <summary>
    /// Hides the thing at <paramref name="path"/> (/api/v1/posts/{id}, /api/v1/reels/{id}, /api/v1/videos/{id}; by
    /// <paramref name="author"/>) from <paramref name="fan"/> as <paramref name="hiding"/> says, through the routes, and checks
    /// that the fan then gets the 404 of a missing one.
    /// </summary>
    public static async Task HideAsync(this PostsClient posts, Hiding hiding, TestUser author, TestUser fan, string path)
    {
        switch (hiding)
        {
            case Hiding.Archived:
                (await posts.SendAsync(HttpMethod.Post, $"{path}/archive", author)).EnsureSuccessStatusCode();
                break;
            case Hiding.DeletedByAuthor:
                (await posts.SendAsync(HttpMethod.Delete, path, author)).EnsureSuccessStatusCode();
                break;
            case Hiding.BlockedByAuthor: await posts.BlockAsync(author, fan); break;
            case Hiding.BlockedAuthor: await posts.BlockAsync(fan, author); break;
            case Hiding.WentPrivateAndUnfollowed:
                await posts.FollowOverHttpAsync(fan, author);
                (await posts.SendAsync(HttpMethod.Patch, "/api/v1/users/me", author, new { isPrivate = true })).EnsureSuccessStatusCode();
                await posts.UnfollowOverHttpAsync(fan, author);
                break;
        }
        await (await posts.GetAsync(path, fan)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
