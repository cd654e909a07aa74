using Fowergram.Platform.Jobs;
using Fowergram.Platform.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Features.Maintenance;

public static class MaintenanceModule
{
    /// <summary>Housekeeping jobs of the data model; each host runs every registered <see cref="IScheduledJob"/>.</summary>
    public static IServiceCollection AddMaintenance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MaintenanceOptions>(configuration, MaintenanceOptions.Section);
        services.AddSingleton<IScheduledJob, PartitionMaintenanceJob>();
        return services;
    }
}
