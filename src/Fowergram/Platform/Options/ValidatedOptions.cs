using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fowergram.Platform.Options;

/// <summary>Settings that can say what is wrong with them: one message per misconfigured setting, naming it.</summary>
public interface ISelfValidatingOptions
{
    IEnumerable<string> Problems();
}

public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and fails start-up (ValidateOnStart) with every
    /// problem it reports, in both hosts, rather than at the first request that reads the setting.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, ISelfValidatingOptions
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, ProblemsValidator<T>>());
        return services;
    }

    private sealed class ProblemsValidator<T> : IValidateOptions<T> where T : class, ISelfValidatingOptions
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
