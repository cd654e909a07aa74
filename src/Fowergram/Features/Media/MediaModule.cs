using Fowergram.Platform.Jobs;
using Fowergram.Platform.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fowergram.Features.Media;

public static class MediaModule
{
    /// <summary>Settings, the upload service, the API and the clean-up job. Each host adds its own <see cref="IMediaStore"/>.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.AddSingleton<MediaUploads>();
        services.AddSingleton<MediaApi>();
        services.AddSingleton<IScheduledJob, MediaCleanupJob>();
        return services;
    }
}
