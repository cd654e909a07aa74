using Fowergram.Platform.Data;
using Microsoft.Extensions.Configuration;

namespace Fowergram.Server;

internal static class MigrationVerbs
{
    public static async Task<int> RunAsync(string verb, string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        await using var dataSource = DataServices.CreateDataSource(DatabaseSettings.Resolve(configuration));
        var migrator = new Migrator(dataSource);
        try
        {
            switch (verb)
            {
                case "migrate":
                    Console.WriteLine($"Applied {await migrator.MigrateAsync()} migration(s).");
                    break;
                case "status":
                    foreach (var m in await migrator.StatusAsync())
                        Console.WriteLine($"{m.Version:D4}  {(m.AppliedAt is null ? "pending " : m.Edited ? "EDITED  " : "applied ")} {m.Name}" +
                                          (m.AppliedAt is { } at ? $"  ({at:u})" : ""));
                    break;
                case "rollback":
                    var file = await migrator.RollbackAsync();
                    Console.WriteLine(file is null ? "Nothing to roll back." : $"Rolled back {file.Version:D4}_{file.Name}.");
                    break;
                case "reset":
                    Console.WriteLine($"Reset: applied {await migrator.ResetAsync()} migration(s).");
                    break;
            }
            return 0;
        }
        catch (MigrationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}
