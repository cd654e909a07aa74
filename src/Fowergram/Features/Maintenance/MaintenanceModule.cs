using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fowergram.Features.Maintenance;

public static class MaintenanceModule
{
    /// <summary>Housekeeping jobs of the data model; each host runs every registered <see cref="IScheduledJob"/>.</summary>
    public static IServiceCollection AddMaintenance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MaintenanceOptions>().Bind(configuration.GetSection(MaintenanceOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MaintenanceOptions>, MaintenanceOptionsValidator>());
        services.AddSingleton<IScheduledJob, PartitionMaintenanceJob>();
        return services;
    }
}
