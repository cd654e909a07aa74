using Fowergram.Features.Posts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The pin routes of <see cref="PostsModule.MapPosts"/>.</summary>
public sealed class PostPinsFunctions(PinsApi pins)
{
    [Function("PinPost")]
    public Task<IResult> Pin([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/posts/{id}/pin")] HttpRequest request,
        string id, CancellationToken ct) => pins.Pin(request, id, ct);

    [Function("UnpinPost")]
    public Task<IResult> Unpin([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/posts/{id}/pin")] HttpRequest request,
        string id, CancellationToken ct) => pins.Unpin(request, id, ct);
}
