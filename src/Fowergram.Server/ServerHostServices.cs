namespace Fowergram.Server;

/// <summary>The Server host's stand-ins for Azure: in-process event transport, relay and scheduled jobs.</summary>
internal static class ServerHostServices
{
    public static IServiceCollection AddFowergramServerHost(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        return services;
    }
}
