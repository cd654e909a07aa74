using Dapper;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// The hashtags rows of a caption's tags (<see cref="TextLinks.Hashtags"/>), created on first use. Names are stored in Unicode
/// NFC (migration 0219): the database normalises them (<c>normalize(@name, NFC)</c> here and in every lookup by name), since
/// .NET's invariant globalization mode, which the hosts run in, leaves string.Normalize a no-op. Two spellings of one tag
/// (é precomposed, or e and U+0301) are one row.
/// </summary>
public static class HashtagNames
{
    // Sorted by name: two captions creating the same new hashtags lock them in one order and never deadlock. A name NFC makes
    // longer than a hashtag may be (a few rare marks lengthen) is no hashtag, as a longer one typed is not (CaptionText).
    private const string Upsert = """
        INSERT INTO hashtags (id, name, created_at)
        SELECT DISTINCT ON (n.name) n.id, n.name, @now
          FROM (SELECT id, normalize(name, NFC) AS name FROM unnest(@ids::uuid[], @names::text[]) AS t (id, name)) n
         WHERE char_length(n.name) <= 100
         ORDER BY n.name, n.id
        ON CONFLICT (name) DO NOTHING
        """;

    private const string Find = "SELECT id FROM hashtags WHERE name IN (SELECT normalize(n, NFC) FROM unnest(@names::text[]) n)";

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
