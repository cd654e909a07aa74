using Fowergram.Platform.Email;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fowergram.Server;

/// <summary>The Server host's stand-ins for Azure: in-process event transport, relay and scheduled jobs.</summary>
internal static class ServerHostServices
{
    public static IServiceCollection AddFowergramServerHost(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
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
