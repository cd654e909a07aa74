using Fowergram.Features.Posts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The repost routes of <see cref="PostsModule.MapPosts"/> (docs/posts.md "Reposts").</summary>
public sealed class PostRepostsFunctions(RepostsApi reposts, PostListsApi lists)
{
    [Function("RepostPost")]
    public Task<IResult> Repost([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/repost")] HttpRequest request,
        string id, CancellationToken ct) => reposts.Repost(request, id, ct);

    [Function("UndoRepost")]
    public Task<IResult> Undo([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/repost")] HttpRequest request,
        string id, CancellationToken ct) => reposts.Undo(request, id, ct);

    [Function("ListPostReposters")]
    public Task<IResult> Reposters([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/posts/{id}/reposts")] HttpRequest request,
        string id, CancellationToken ct) => reposts.Reposters(request, id, ct);

    [Function("ListUserReposts")]
    public Task<IResult> Tab([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/reposts")] HttpRequest request,
        string username, CancellationToken ct) => lists.Reposts(request, username, ct);

    [Function("GetRepostPermission")]
    public Task<IResult> GetSwitch([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/repost-permission")] HttpRequest request,
        CancellationToken ct) => reposts.GetSwitch(request, ct);

    [Function("SetRepostPermission")]
    public Task<IResult> PutSwitch([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/repost-permission")] HttpRequest request,
        CancellationToken ct) => reposts.PutSwitch(request, ct);
}
