using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions host's service registrations (Program.cs: AddFowergram + AddFowergramFunctionsHost,
/// plus what the worker itself provides: configuration, logging, the middleware) in a plain container.
/// Nothing connects anywhere: the database and Service Bus clients are created lazily.
/// </summary>
public static class FunctionsHost
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["ConnectionStrings:Fowergram"] = "Host=127.0.0.1;Port=1;Database=never_opened",
        ["ServiceBusConnection"] = "Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=never-used;UseDevelopmentEmulator=true;",
        ["Auth:SigningKey"] = "functions-tests-signing-key-0123456789abcdef",
        ["Email:Smtp:Host"] = "127.0.0.1",
    };

    public static IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    public static IServiceCollection Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddFowergram(configuration);
        services.AddFowergramFunctionsHost(configuration);
        // What builder.UseMiddleware<T>() registers for each middleware in Program.cs.
        foreach (var middleware in Middlewares) services.AddSingleton(middleware);
        return services;
    }

    public static IReadOnlyList<Type> Middlewares { get; } = FunctionCatalog.Assembly.GetTypes()
        .Where(t => typeof(Microsoft.Azure.Functions.Worker.Middleware.IFunctionsWorkerMiddleware).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .ToList();

    public static ServiceProvider Build() =>
        Services(Configuration()).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
}

/// <summary>Files at the repository root (host.json, local.settings.sample.json).</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, name))).RootElement;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fowergram.Functions.sln"))) return dir.FullName;
        throw new InvalidOperationException("Fowergram.Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
