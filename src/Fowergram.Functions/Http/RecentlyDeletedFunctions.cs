using Fowergram.Features.Posts;
using Fowergram.Features.Reels;
using Fowergram.Features.Stories;
using Fowergram.Features.Videos;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The "Recently deleted" post routes of <see cref="PostsModule.MapPosts"/>.</summary>
public sealed class PostsRecentlyDeletedFunctions(PostsRecentlyDeletedApi deleted)
{
    [Function("ListRecentlyDeletedPosts")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/posts/deleted")] HttpRequest request,
        CancellationToken ct) => deleted.Get(request, ct);

    [Function("DeletePostForGood")]
    public Task<IResult> DeleteForGood([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/posts/deleted/{id}")]
        HttpRequest request, string id, CancellationToken ct) => deleted.DeleteForGood(request, id, ct);

    [Function("RestorePost")]
    public Task<IResult> Restore([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/restore")] HttpRequest request,
        string id, CancellationToken ct) => deleted.Restore(request, id, ct);
}

/// <summary>The "Recently deleted" reel routes of <see cref="ReelsModule.MapReels"/>.</summary>
public sealed class ReelsRecentlyDeletedFunctions(ReelsRecentlyDeletedApi deleted)
{
    [Function("ListRecentlyDeletedReels")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/reels/deleted")] HttpRequest request,
        CancellationToken ct) => deleted.Get(request, ct);

    [Function("DeleteReelForGood")]
    public Task<IResult> DeleteForGood([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/reels/deleted/{id}")]
        HttpRequest request, string id, CancellationToken ct) => deleted.DeleteForGood(request, id, ct);

    [Function("RestoreReel")]
    public Task<IResult> Restore([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reels/{id}/restore")] HttpRequest request,
        string id, CancellationToken ct) => deleted.Restore(request, id, ct);
}

/// <summary>The "Recently deleted" video routes of <see cref="VideosModule.MapVideos"/>.</summary>
public sealed class VideosRecentlyDeletedFunctions(VideosRecentlyDeletedApi deleted)
{
    [Function("ListRecentlyDeletedVideos")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/videos/deleted")] HttpRequest request,
        CancellationToken ct) => deleted.Get(request, ct);

    [Function("DeleteVideoForGood")]
    public Task<IResult> DeleteForGood([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/videos/deleted/{id}")]
        HttpRequest request, string id, CancellationToken ct) => deleted.DeleteForGood(request, id, ct);

    [Function("RestoreVideo")]
    public Task<IResult> Restore([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/restore")] HttpRequest request,
        string id, CancellationToken ct) => deleted.Restore(request, id, ct);
}

/// <summary>The "Recently deleted" routes of stories (<see cref="StoriesModule.MapStories"/>).</summary>
public sealed class StoriesRecentlyDeletedFunctions(StoriesRecentlyDeletedApi deleted)
{
    [Function("ListRecentlyDeletedStories")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/stories/deleted")] HttpRequest request,
        CancellationToken ct) => deleted.Get(request, ct);

    [Function("DeleteStoryForGood")]
    public Task<IResult> DeleteForGood([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/stories/deleted/{id}")]
        HttpRequest request, string id, CancellationToken ct) => deleted.DeleteForGood(request, id, ct);

    [Function("RestoreStory")]
    public Task<IResult> Restore([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/stories/{id}/restore")] HttpRequest request,
        string id, CancellationToken ct) => deleted.Restore(request, id, ct);
}
