using Dapper;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>The hashtags rows of a caption's tags (<see cref="TextLinks.Hashtags"/>), created on first use.</summary>
public static class HashtagNames
{
    // Sorted by name: two captions creating the same new hashtags lock them in one order and never deadlock.
    private const string Upsert = """
        INSERT INTO hashtags (id, name, created_at)
        SELECT n.id, n.name, @now FROM unnest(@ids::uuid[], @names::text[]) AS n (id, name) ORDER BY n.name
        ON CONFLICT (name) DO NOTHING
        """;

    private const string Find = "SELECT id FROM hashtags WHERE name = ANY(@names)";

    /// <summary>The ids of <paramref name="hashtags"/> (normalised names), creating those that do not exist yet.</summary>
    public static async Task<Guid[]> EnsureAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, IEnumerable<string> hashtags,
        CancellationToken ct)
    {
        var names = hashtags.Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) return [];
        var ids = names.Select(_ => Ids.New(time)).ToArray();
        await conn.ExecuteAsync(new CommandDefinition(Upsert, new { ids, names, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        return (await conn.QueryAsync<Guid>(new CommandDefinition(Find, new { names }, tx, cancellationToken: ct))).ToArray();
    }
}
