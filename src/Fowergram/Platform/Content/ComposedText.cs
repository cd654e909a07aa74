using Dapper;
using Fowergram.Platform.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// Text in Unicode's composed form (NFC). An accented letter can be one code point ("é", U+00E9, what most keyboards send)
/// or a letter and a combining mark ("e" + U+0301: macOS and some keyboards); they look the same, so what is compared —
/// search terms and place names — is composed first, as hashtag names are (migration 0219). The database composes
/// (<c>normalize(…, NFC)</c>): the hosts run in .NET's invariant globalization mode, where <c>string.Normalize</c> changes
/// nothing (docs/posts.md "Caption parsing").
/// </summary>
public static class ComposedText
{
    private const string Compose = "SELECT normalize(@text, NFC)";

    /// <summary>
    /// <paramref name="text"/> composed: ASCII text is composed already and costs nothing; other text costs one round trip.
    /// NFC may lengthen a text (a few composition exclusions decompose), so limits are checked on what the caller typed.
    /// </summary>
    public static async Task<string> OfAsync(NpgsqlConnection conn, string text, CancellationToken ct) =>
        text.All(char.IsAscii) ? text
        : await conn.ExecuteScalarAsync<string>(new CommandDefinition(Compose, new { text }, cancellationToken: ct)) ?? text;

    /// <summary>
    /// Text a user writes that Fowergram parses for #hashtags and @mentions (captions, comments), as it is parsed, checked and
    /// stored: composed, so that "#café" typed with a combining accent is parsed, counted and stored as the tag it names, and a
    /// read returns one form whichever keyboard wrote it. NFC is canonically equivalent: nothing the user wrote is lost. A text
    /// composing would lengthen past <see cref="CaptionText.MaxLength"/> (a rare composition exclusion) is kept as typed rather
    /// than refused for a length the user did not type. Null stays null; ASCII costs no round trip. Callers compose before
    /// they validate (docs/posts.md "Caption parsing").
    /// </summary>
    public static async Task<string?> WrittenAsync(NpgsqlDataSource db, string? text, CancellationToken ct)
    {
        if (text is null || text.All(char.IsAscii)) return text;
        await using var command = db.CreateCommand(Written);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("max", CaptionText.MaxLength);
        return await command.ExecuteScalarAsync(ct) as string ?? text;
    }

    /// <summary>The <paramref name="field"/> of a merge patch composed as <see cref="WrittenAsync"/> does, before it is read.</summary>
    public static Task WrittenAsync(NpgsqlDataSource db, MergePatch patch, string field, CancellationToken ct) =>
        patch.MapStringAsync(field, text => WrittenAsync(db, text, ct));

    private const string Written = """
        SELECT CASE WHEN char_length(c) <= greatest(@max, char_length(@text)) THEN c ELSE @text END
        FROM (SELECT normalize(@text, NFC) AS c) composed
        """;

    /// <summary>
    /// A place's <paramref name="name"/> as <see cref="Stored"/> keeps it, so that a page is asked for by the key its posts
    /// and reels carry: composed, or as typed when composing would make it longer than <paramref name="max"/> characters.
    /// </summary>
    public static async Task<string> PlaceAsync(NpgsqlConnection conn, string name, int max, CancellationToken ct) =>
        name.All(char.IsAscii) ? name
        : await conn.ExecuteScalarAsync<string>(new CommandDefinition($"SELECT {Stored("@name", max)}", new { name }, cancellationToken: ct)) ?? name;

    /// <summary>
    /// SQL: a place name parameter as a posts or reels row stores it — composed, unless composing would make it longer than
    /// the column's <paramref name="max"/> characters (a rare composition exclusion), when it is kept as typed rather than
    /// failing the column's CHECK. NULL stays NULL.
    /// </summary>
    public static string Stored(string parameter, int max) =>
        $"(CASE WHEN char_length(normalize({parameter}::text, NFC)) <= {max} THEN normalize({parameter}::text, NFC) ELSE {parameter} END)";
}
