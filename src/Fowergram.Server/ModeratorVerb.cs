using Dapper;
using Fowergram.Platform.Data;
using Microsoft.Extensions.Configuration;

namespace Fowergram.Server;

/// <summary>
/// <c>moderator grant|revoke|list [username]</c>: who may work the reports queue (docs/moderation.md). An operator's verb,
/// run against the database like the migration verbs; the API has no route that makes a moderator.
/// </summary>
internal static class ModeratorVerb
{
    private const string Grant = """
        INSERT INTO moderators (user_id) SELECT id FROM users WHERE lower(username) = lower(@username) AND deleted_at IS NULL
        ON CONFLICT (user_id) DO NOTHING
        """;

    private const string Revoke = "DELETE FROM moderators m USING users u WHERE u.id = m.user_id AND lower(u.username) = lower(@username)";

    private const string Known = "SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower(@username) AND deleted_at IS NULL)";

    private const string List = "SELECT u.username FROM moderators m JOIN users u ON u.id = m.user_id ORDER BY u.username";

    public static async Task<int> RunAsync(string[] args)
    {
        var action = args.Length > 0 ? args[0] : "";
        var username = args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null;
        if (action is not ("grant" or "revoke" or "list") || (action != "list" && username is null))
        {
            Console.Error.WriteLine("Usage: Fowergram.Server moderator grant|revoke <username> | moderator list");
            return 2;
        }
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[(username is null ? 1 : 2)..]).Build();
        await using var dataSource = DataServices.CreateDataSource(DatabaseSettings.Resolve(configuration));
        await using var conn = await dataSource.OpenConnectionAsync();
        if (action == "list")
        {
            foreach (var name in await conn.QueryAsync<string>(List)) Console.WriteLine(name);
            return 0;
        }
        if (!await conn.ExecuteScalarAsync<bool>(Known, new { username }))
        {
            Console.Error.WriteLine($"No account named '{username}'.");
            return 1;
        }
        await conn.ExecuteAsync(action == "grant" ? Grant : Revoke, new { username });
        Console.WriteLine(action == "grant" ? $"{username} is a moderator." : $"{username} is not a moderator.");
        return 0;
    }
}
