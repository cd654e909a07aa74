using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Fowergram.Platform.Options;
using Fowergram.Platform.Purge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Media;

public static class MediaModule
{
    /// <summary>Settings, the upload service, the API and the clean-up job. Each host adds its own <see cref="IMediaStore"/>.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MediaOptions>(configuration, MediaOptions.Section);
        services.AddSingleton<ReadUrlCache>();
        services.AddSingleton<MediaUploads>();
        services.AddSingleton<MediaDeleteFailures>();
        services.AddSingleton<CoverPictures>();
        services.AddSingleton<MediaApi>();
        services.AddSingleton<IAccountPurgeStep, UploadsPurgeStep>();
        services.AddSingleton<IScheduledJob, MediaCleanupJob>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs (MediaFunctions).</summary>
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/media/uploads", (HttpRequest r, MediaApi api, CancellationToken ct) => api.CreateUpload(r, ct))
            .Body<CreateUploadRequest>("contentType", "purpose", "size").Returns<UploadSlotResponse>(201);
        app.MapGet("/api/v1/media/uploads/{id}", (HttpRequest r, string id, MediaApi api, CancellationToken ct) => api.GetUpload(r, id, ct))
            .Returns<UploadStatusResponse>();
        return app;
    }
}
