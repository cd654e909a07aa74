using Fowergram.Platform.Email;
using Fowergram.Platform.Events;
using Fowergram.Platform.Media;
using Fowergram.Server.Events;
using Fowergram.Server.Jobs;
using Fowergram.Server.Media;
using Fowergram.Server.Presence;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        // Part of serving requests, not of the event pipeline: on even when the background services are off.
        services.AddHostedService<PresenceFlushService>();
        // Off only for tools that drive the pipeline themselves; both hosts run it by default.
        if (configuration.GetValue("Fowergram:BackgroundServices", true))
        {
            services.AddHostedService<OutboxRelayService>();
            services.AddHostedService<DeliveryDispatcherService>();
            services.AddHostedService<ScheduledJobsService>();
        }
        AddMail(services, configuration, environment);
        return services;
    }

    /// <summary>SMTP when configured (registered by AddFowergram); otherwise the local mailbox, never in Production.</summary>
    private static void AddMail(IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        if (EmailServices.SmtpConfigured(configuration)) return;
        if (environment.IsProduction())
            throw new InvalidOperationException(
                "Email:Smtp:Host must be configured in Production (set Email__Smtp__Host, Email__Smtp__Port, Email__From, ...): " +
                "without it verification and password-reset mails cannot be sent.");
        services.TryAddSingleton<IEmailSender, FileMailbox>();
    }
}
