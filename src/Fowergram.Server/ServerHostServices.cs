using Fowergram.Platform.Events;
using Fowergram.Server.Events;
using Fowergram.Server.Jobs;

namespace Fowergram.Server;

/// <summary>The Server host's stand-ins for Azure: a durable in-database event transport, the relay, the dispatcher and scheduled jobs.</summary>
internal static class ServerHostServices
{
    public static IServiceCollection AddFowergramServerHost(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<IEventTransport, DatabaseEventTransport>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<EventPipeline>();
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
