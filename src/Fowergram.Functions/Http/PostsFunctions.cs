using Fowergram.Features.Posts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The post routes of <see cref="PostsModule.MapPosts"/>, one call each into the same handlers.</summary>
public sealed class PostsFunctions(PostsApi posts, PostEditApi edits, PostListsApi lists, LikesApi likes)
{
    [Function("CreatePost")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts")] HttpRequest request,
        CancellationToken ct) => posts.Create(request, ct);

    [Function("GetPost")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}")] HttpRequest request,
        string id, CancellationToken ct) => posts.Get(request, id, ct);

    [Function("UpdatePost")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/posts/{id}")] HttpRequest request,
        string id, CancellationToken ct) => edits.Patch(request, id, ct);

    [Function("DeletePost")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}")] HttpRequest request,
        string id, CancellationToken ct) => edits.Delete(request, id, ct);

    [Function("ArchivePost")]
    public Task<IResult> Archive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/archive")] HttpRequest request,
        string id, CancellationToken ct) => edits.Archive(request, id, ct);

    [Function("UnarchivePost")]
    public Task<IResult> Unarchive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/unarchive")] HttpRequest request,
        string id, CancellationToken ct) => edits.Unarchive(request, id, ct);

    [Function("LikePost")]
    public Task<IResult> Like([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => likes.Like(request, id, ct);

    [Function("UnlikePost")]
    public Task<IResult> Unlike([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/like")] HttpRequest request,
        string id, CancellationToken ct) => likes.Unlike(request, id, ct);

    [Function("ListPostLikers")]
    public Task<IResult> Likers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/likers")] HttpRequest request,
        string id, CancellationToken ct) => lists.Likers(request, id, ct);

    [Function("ListUserPosts")]
    public Task<IResult> UserPosts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/posts")] HttpRequest request,
        string username, CancellationToken ct) => lists.UserPosts(request, username, ct);

    [Function("ListTaggedPosts")]
    public Task<IResult> Tagged([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/tagged")] HttpRequest request,
        string username, CancellationToken ct) => lists.Tagged(request, username, ct);

    [Function("ListArchivedPosts")]
    public Task<IResult> Archived([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/posts/archived")] HttpRequest request,
        CancellationToken ct) => lists.Archived(request, ct);
}

/// <summary>The tagged account's route of <see cref="PostsModule.MapPosts"/>.</summary>
public sealed class PostTagsFunctions(PostTagsApi tags)
{
    [Function("RemoveMyPostTag")]
    public Task<IResult> RemoveMe([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/tags/me")] HttpRequest request,
        string id, CancellationToken ct) => tags.RemoveMe(request, id, ct);
}

/// <summary>The author's removal of one carousel item, of <see cref="PostsModule.MapPosts"/>.</summary>
public sealed class PostMediaFunctions(PostMediaApi media)
{
    [Function("DeletePostMediaItem")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/media/{mediaId}")] HttpRequest request,
        string id, string mediaId, CancellationToken ct) => media.Delete(request, id, mediaId, ct);
}

/// <summary>The author's "Recently deleted" carousel items, of <see cref="PostsModule.MapPosts"/>.</summary>
public sealed class DeletedCarouselItemsFunctions(DeletedCarouselItemsApi items)
{
    [Function("RestorePostMediaItem")]
    public Task<IResult> Restore([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/media/{mediaId}/restore")]
        HttpRequest request, string id, string mediaId, CancellationToken ct) => items.Restore(request, id, mediaId, ct);

    [Function("ListDeletedCarouselItems")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/carousel-items/deleted")] HttpRequest request,
        CancellationToken ct) => items.Get(request, ct);

    [Function("DeleteCarouselItemForGood")]
    public Task<IResult> DeleteForGood([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/carousel-items/deleted/{mediaId}")]
        HttpRequest request, string mediaId, CancellationToken ct) => items.DeleteForGood(request, mediaId, ct);
}

/// <summary>The caller's "hide like and share counts" switch, of <see cref="PostsModule.MapPosts"/>.</summary>
public sealed class LikeCountsFunctions(LikeCountsApi likeCounts)
{
    [Function("GetLikeCounts")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/like-counts")] HttpRequest request,
        CancellationToken ct) => likeCounts.Get(request, ct);

    [Function("SetLikeCounts")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/like-counts")] HttpRequest request,
        CancellationToken ct) => likeCounts.Put(request, ct);
}
