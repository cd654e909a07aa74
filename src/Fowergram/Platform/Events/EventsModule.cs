using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Platform.Events;

public static class EventsModule
{
    /// <summary>The host-independent half of the pipeline; each host adds its <see cref="IEventTransport"/>.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<EventOptions>(configuration, EventOptions.Section);
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<ConsumerRunner>();
        services.AddSingleton<IScheduledJob, EventHousekeepingJob>();
        return services;
    }
}
