using Fowergram.Features.Videos;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The cover picture routes of <see cref="VideosModule.MapVideos"/>: a long-form video's thumbnail, a series' cover.</summary>
public sealed class VideoCoversFunctions(VideoCoversApi covers)
{
    [Function("SetVideoThumbnail")]
    public Task<IResult> SetThumbnail([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/videos/{id}/thumbnail")] HttpRequest request,
        string id, CancellationToken ct) => covers.SetThumbnail(request, id, ct);

    [Function("RemoveVideoThumbnail")]
    public Task<IResult> RemoveThumbnail([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}/thumbnail")] HttpRequest request,
        string id, CancellationToken ct) => covers.RemoveThumbnail(request, id, ct);

    [Function("SetSeriesCover")]
    public Task<IResult> SetCover([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/series/{id}/cover")] HttpRequest request,
        string id, CancellationToken ct) => covers.SetCover(request, id, ct);

    [Function("RemoveSeriesCover")]
    public Task<IResult> RemoveCover([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/series/{id}/cover")] HttpRequest request,
        string id, CancellationToken ct) => covers.RemoveCover(request, id, ct);
}
