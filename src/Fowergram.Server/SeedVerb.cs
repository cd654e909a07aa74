using Fowergram.Platform.Data;

namespace Fowergram.Server;

/// <summary>
/// <c>seed</c>: applies pending migrations, then every feature's <see cref="IDevelopmentSeed"/> (each
/// idempotent, so the verb can be run any number of times). Development data only: refused in Production.
/// </summary>
internal static class SeedVerb
{
    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        await using var app = FowergramServer.Build(args, builder =>
        {
            builder.Configuration["Fowergram:BackgroundServices"] = "false";
            configure?.Invoke(builder);
        });
        if (app.Environment.IsProduction())
        {
            Console.Error.WriteLine("seed adds development data and is refused in Production (set ASPNETCORE_ENVIRONMENT=Development).");
            return 1;
        }
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        foreach (var seed in app.Services.GetServices<IDevelopmentSeed>())
            Console.WriteLine($"Seeded {seed.Name}: {await seed.SeedAsync(CancellationToken.None)} row(s) added.");
        return 0;
    }
}
