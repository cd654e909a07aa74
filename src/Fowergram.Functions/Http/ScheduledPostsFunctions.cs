using Fowergram.Features.Posts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The scheduled-post routes of <see cref="PostsModule.MapPosts"/> (docs/posts.md "Scheduled posts").</summary>
public sealed class ScheduledPostsFunctions(ScheduledPostsApi scheduled)
{
    [Function("SchedulePost")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/scheduled-posts")] HttpRequest request,
        CancellationToken ct) => scheduled.Create(request, ct);

    [Function("ListScheduledPosts")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/scheduled-posts")] HttpRequest request,
        CancellationToken ct) => scheduled.List(request, ct);

    [Function("GetScheduledPost")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/scheduled-posts/{id}")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Get(request, id, ct);

    [Function("UpdateScheduledPost")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/users/me/scheduled-posts/{id}")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Patch(request, id, ct);

    [Function("CancelScheduledPost")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/scheduled-posts/{id}")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Delete(request, id, ct);

    [Function("PublishScheduledPost")]
    public Task<IResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/scheduled-posts/{id}/publish")] HttpRequest request,
        string id, CancellationToken ct) => scheduled.Publish(request, id, ct);
}
