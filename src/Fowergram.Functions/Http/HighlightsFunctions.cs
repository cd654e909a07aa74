using Fowergram.Features.Highlights;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The highlights routes of <see cref="FowergramRoutes"/> (HighlightsModule.MapHighlights).</summary>
public sealed class HighlightsFunctions(HighlightsApi highlights, HighlightReadsApi reads, HighlightEditsApi edits)
{
    [Function("CreateHighlight")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/highlights")] HttpRequest request,
        CancellationToken ct) => highlights.Create(request, ct);

    [Function("GetUserHighlights")]
    public Task<IResult> OfUser([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/highlights")] HttpRequest request,
        string username, CancellationToken ct) => reads.OfUser(request, username, ct);

    [Function("GetHighlight")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/highlights/{id}")] HttpRequest request,
        string id, CancellationToken ct) => reads.Get(request, id, ct);

    [Function("PatchHighlight")]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/highlights/{id}")] HttpRequest request,
        string id, CancellationToken ct) => edits.Patch(request, id, ct);

    [Function("DeleteHighlight")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/highlights/{id}")] HttpRequest request,
        string id, CancellationToken ct) => highlights.Delete(request, id, ct);

    [Function("AddHighlightStory")]
    public Task<IResult> AddStory([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/highlights/{id}/stories/{storyId}")] HttpRequest request,
        string id, string storyId, CancellationToken ct) => edits.AddStory(request, id, storyId, ct);

    [Function("RemoveHighlightStory")]
    public Task<IResult> RemoveStory([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/highlights/{id}/stories/{storyId}")] HttpRequest request,
        string id, string storyId, CancellationToken ct) => edits.RemoveStory(request, id, storyId, ct);
}
