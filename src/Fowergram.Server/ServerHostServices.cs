using Fowergram.Platform.Events;
using Fowergram.Platform.Media;
using Fowergram.Server.Events;
using Fowergram.Server.Jobs;
using Fowergram.Server.Media;

namespace Fowergram.Server;

/// <summary>The Server host's stand-ins for Azure: a durable in-database event transport, the relay, the dispatcher, scheduled jobs and the local media store.</summary>
internal static class ServerHostServices
{
    public static IServiceCollection AddFowergramServerHost(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<IEventTransport, DatabaseEventTransport>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<EventPipeline>();
        services.AddSingleton<LocalMediaStore>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<LocalMediaStore>());
        // Off only for tools that drive the pipeline themselves; both hosts run it by default.
        if (configuration.GetValue("Fowergram:BackgroundServices", true))
        {
            services.AddHostedService<OutboxRelayService>();
            services.AddHostedService<DeliveryDispatcherService>();
            services.AddHostedService<ScheduledJobsService>();
        }
        return services;
    }
}
