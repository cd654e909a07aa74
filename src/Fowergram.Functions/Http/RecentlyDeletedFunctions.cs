using Fowergram.Features.Posts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The "Recently deleted" routes of <see cref="PostsModule.MapPosts"/>.</summary>
public sealed class RecentlyDeletedFunctions(RecentlyDeletedApi deleted)
{
    [Function("ListRecentlyDeletedPosts")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/posts/deleted")] HttpRequest request,
        CancellationToken ct) => deleted.Get(request, ct);

    [Function("DeletePostForGood")]
    public Task<IResult> DeleteForGood([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/posts/deleted/{id}")]
        HttpRequest request, string id, CancellationToken ct) => deleted.DeleteForGood(request, id, ct);

    [Function("RestorePost")]
    public Task<IResult> Restore([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/posts/{id}/restore")] HttpRequest request,
        string id, CancellationToken ct) => deleted.RestorePost(request, id, ct);
}
