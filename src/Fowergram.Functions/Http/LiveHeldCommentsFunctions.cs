using Fowergram.Features.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The broadcaster's review of held live comments of <see cref="LiveModule"/>.</summary>
public sealed class LiveHeldCommentsFunctions(LiveHeldCommentsApi held)
{
    [Function("ListHeldLiveComments")]
    public Task<IResult> Held([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/live/{id}/comments/held")] HttpRequest request,
        string id, CancellationToken ct) => held.List(request, id, ct);

    [Function("ApproveLiveComment")]
    public Task<IResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/live/{id}/comments/{commentId}/approve")] HttpRequest request,
        string id, string commentId, CancellationToken ct) => held.Approve(request, id, commentId, ct);
}
