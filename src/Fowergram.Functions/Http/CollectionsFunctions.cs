using Fowergram.Features.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The saved-posts and collection routes of <see cref="CollectionsModule.MapCollections"/>.</summary>
public sealed class CollectionsFunctions(SavedApi saved, CollectionsApi collections, CollectionPostsApi posts)
{
    [Function("SavePost")]
    public Task<IResult> Save([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/save")] HttpRequest request,
        string id, CancellationToken ct) => saved.Save(request, id, ct);

    [Function("UnsavePost")]
    public Task<IResult> Unsave([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/save")] HttpRequest request,
        string id, CancellationToken ct) => saved.Unsave(request, id, ct);

    [Function("ListSavedPosts")]
    public Task<IResult> ListSaved([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/saved")] HttpRequest request,
        CancellationToken ct) => saved.List(request, ct);

    [Function("CreateCollection")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/collections")] HttpRequest request,
        CancellationToken ct) => collections.Create(request, ct);

    [Function("ListCollections")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/collections")] HttpRequest request,
        CancellationToken ct) => collections.List(request, ct);

    [Function("GetCollection")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/collections/{id}")] HttpRequest request,
        string id, CancellationToken ct) => collections.Get(request, id, ct);

    [Function("UpdateCollection")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/collections/{id}")] HttpRequest request,
        string id, CancellationToken ct) => collections.Patch(request, id, ct);

    [Function("DeleteCollection")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/collections/{id}")] HttpRequest request,
        string id, CancellationToken ct) => collections.Delete(request, id, ct);

    [Function("ListCollectionPosts")]
    public Task<IResult> ListPosts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/collections/{id}/posts")] HttpRequest request,
        string id, CancellationToken ct) => posts.List(request, id, ct);

    [Function("AddCollectionPost")]
    public Task<IResult> AddPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/collections/{id}/posts/{postId}")] HttpRequest request,
        string id, string postId, CancellationToken ct) => posts.Add(request, id, postId, ct);

    [Function("RemoveCollectionPost")]
    public Task<IResult> RemovePost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/collections/{id}/posts/{postId}")] HttpRequest request,
        string id, string postId, CancellationToken ct) => posts.Remove(request, id, postId, ct);
}
