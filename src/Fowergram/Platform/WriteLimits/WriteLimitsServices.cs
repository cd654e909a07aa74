using Fowergram.Platform.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Platform.WriteLimits;

public static class WriteLimitsServices
{
    /// <summary>Binds and checks <see cref="WriteLimitsOptions"/> (start-up fails on a bad allowance) and registers <see cref="WriteAllowances"/>.</summary>
    public static IServiceCollection AddWriteLimits(this IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedOptions<WriteLimitsOptions>(configuration, WriteLimitsOptions.Section).AddSingleton<WriteAllowances>();
}
