using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fowergram.Platform.Events;

public static class EventsModule
{
    /// <summary>The host-independent half of the pipeline; each host adds its <see cref="IEventTransport"/>.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventOptions>, EventOptionsValidator>());
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<ConsumerRunner>();
        services.AddSingleton<IScheduledJob, EventHousekeepingJob>();
        return services;
    }
}
