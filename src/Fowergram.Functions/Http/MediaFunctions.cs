using Fowergram.Features.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>
/// The media routes of <see cref="FowergramRoutes"/>. The bytes themselves never come here: clients PUT
/// them to the Blob SAS URL the slot names, and read them through read SAS.
/// </summary>
public sealed class MediaFunctions(MediaApi api)
{
    [Function("CreateMediaUpload")]
    public Task<IResult> CreateUpload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/media/uploads")] HttpRequest request,
        CancellationToken ct) => api.CreateUpload(request, ct);

    [Function("GetMediaUpload")]
    public Task<IResult> GetUpload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/media/uploads/{id}")] HttpRequest request,
        string id, CancellationToken ct) => api.GetUpload(request, id, ct);
}
