using Fowergram.Platform.Data;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Server;

/// <summary>
/// The verbs of the Server host: <c>serve</c> (default) and the seed setup document's migration
/// verbs <c>migrate</c>, <c>status</c>, <c>rollback</c>, <c>reset</c>, <c>seed</c> (development data), <c>openapi</c> and
/// <c>moderator</c> (who works the reports queue).
/// </summary>
public static class ServerCli
{
    public const string Usage = """
        Usage: Fowergram.Server [verb] [--urls http://host:port]
          serve      run the API (default; http://localhost:7071/api)
          migrate    apply pending migrations
          status     list migrations and whether each is applied
          rollback   revert the most recently applied migration
          reset      drop everything and apply all migrations again (destroys data)
          seed       apply migrations, then add development data (the music catalogue); idempotent
          openapi    print the API's OpenAPI document (also served at GET /api/v1/openapi.json)
          moderator  grant|revoke <username>, or list: who works the reports queue (docs/moderation.md)
          help       show this text
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = verb == "serve" && (args.Length == 0 || args[0].StartsWith('-')) ? args : args[1..];
        switch (verb)
        {
            case "serve":
                var app = FowergramServer.Build(rest);
                await app.Services.GetRequiredService<Migrator>().MigrateAsync();
                await app.RunAsync();
                return 0;
            case "migrate" or "status" or "rollback" or "reset":
                return await MigrationVerbs.RunAsync(verb, rest);
            case "seed":
                return await SeedVerb.RunAsync(rest);
            case "moderator":
                return await ModeratorVerb.RunAsync(rest);
            case "openapi":
                Console.Out.WriteLine(await OpenApiDocumentAsync());
                return 0;
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default:
                Console.Error.WriteLine($"Unknown verb '{verb}'.");
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>The document GET /api/v1/openapi.json serves, built from the route table alone: no settings, no database, no listener.</summary>
    public static async Task<string> OpenApiDocumentAsync()
    {
        await using var services = new ServiceCollection().AddLogging().AddFowergram(new ConfigurationBuilder().Build()).BuildServiceProvider();
        return services.GetRequiredService<ApiDocument>().Json;
    }
}
