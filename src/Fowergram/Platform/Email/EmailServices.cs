using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fowergram.Platform.Email;

public static class EmailServices
{
    public static bool SmtpConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{EmailOptions.Section}:Smtp:Host"]);

    /// <summary>
    /// Binds <see cref="EmailOptions"/> and, when an SMTP host is configured, registers
    /// <see cref="SmtpEmailSender"/>. Without one, the host must register its own
    /// <see cref="IEmailSender"/> (the Server host's local mailbox) or fail at startup.
    /// </summary>
    public static IServiceCollection AddFowergramEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        if (SmtpConfigured(configuration)) services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
        return services;
    }
}
