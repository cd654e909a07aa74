using Fowergram.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Platform.Http.Idempotency;

public static class IdempotencyServices
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddSingleton<IdempotentRequests>();
        services.AddSingleton<IScheduledJob, IdempotencyKeysJob>();
        return services;
    }
}
