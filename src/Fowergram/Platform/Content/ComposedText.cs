using System.Text.Json;
using System.Text.Json.Nodes;
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
    public static Task<string?> WrittenAsync(NpgsqlDataSource db, string? text, CancellationToken ct) =>
        WrittenAsync(db, text, CaptionText.MaxLength, ct);

    /// <summary>
    /// Any user-written field as it is checked and stored (docs/api.md "Composed text" lists them): composed, or as typed when
    /// composing would make it longer than both <paramref name="max"/> and what was typed. Text holding U+0000 is returned as
    /// typed: PostgreSQL text cannot carry it, and the field's own check refuses it with a 400.
    /// </summary>
    public static async Task<string?> WrittenAsync(NpgsqlDataSource db, string? text, int max, CancellationToken ct)
    {
        if (text is null || text.All(char.IsAscii) || text.Contains('\0')) return text;
        await using var command = db.CreateCommand(Written);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("max", max);
        return await command.ExecuteScalarAsync(ct) as string ?? text;
    }

    /// <summary>
    /// Several fields of one request composed as <see cref="WrittenAsync(NpgsqlDataSource, string?, int, CancellationToken)"/>
    /// does, in one round trip (none when all are ASCII), in the order given.
    /// </summary>
    public static async Task<string?[]> WrittenAsync(NpgsqlDataSource db, IReadOnlyList<(string? Text, int Max)> fields, CancellationToken ct)
    {
        var texts = fields.Select(f => f.Text).ToArray();
        if (texts.All(t => t is null || t.All(char.IsAscii) || t.Contains('\0'))) return texts;
        await using var command = db.CreateCommand(WrittenMany);
        command.Parameters.AddWithValue("texts", texts.Select(t => t is not null && t.Contains('\0') ? null : t).ToArray());
        command.Parameters.AddWithValue("maxes", fields.Select(f => f.Max).ToArray());
        var composed = new List<string?>(texts.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) composed.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        return texts.Select((t, i) => t is not null && t.Contains('\0') ? t : composed[i]).ToArray();
    }

    /// <summary>The <paramref name="field"/> of a merge patch composed as <see cref="WrittenAsync(NpgsqlDataSource, string?, CancellationToken)"/> does, before it is read.</summary>
    public static Task WrittenAsync(NpgsqlDataSource db, MergePatch patch, string field, CancellationToken ct) =>
        patch.MapStringAsync(field, text => WrittenAsync(db, text, ct));

    /// <summary>The string member <paramref name="field"/> of a merge patch composed, before it is read and checked against <paramref name="max"/>.</summary>
    public static Task WrittenAsync(NpgsqlDataSource db, MergePatch patch, string field, int max, CancellationToken ct) =>
        patch.MapStringAsync(field, text => WrittenAsync(db, text, max, ct));

    /// <summary>The string members <paramref name="fields"/> of a merge patch composed in one round trip, before they are read and checked.</summary>
    public static Task WrittenAsync(NpgsqlDataSource db, MergePatch patch, IReadOnlyList<(string Field, int Max)> fields, CancellationToken ct) =>
        WrittenAsync(db, patch.Body, fields, ct);

    /// <summary>The string members <paramref name="fields"/> of a JSON object body composed in place, before it is read and checked.</summary>
    public static Task WrittenAsync(NpgsqlDataSource db, JsonObject body, IReadOnlyList<(string Field, int Max)> fields, CancellationToken ct) =>
        WrittenAsync(db, fields.Select(f => (body, f.Field, f.Max)).ToList(), ct);

    /// <summary>
    /// String members of several JSON objects composed in place in one round trip (none when all are ASCII): fields nested in a
    /// body, such as a profile's link titles inside <c>externalLinks</c>. A member that is absent or not a string is left for
    /// the reader to judge.
    /// </summary>
    public static async Task WrittenAsync(NpgsqlDataSource db, IReadOnlyList<(JsonObject Body, string Field, int Max)> members, CancellationToken ct)
    {
        var present = members.Where(m => m.Body[m.Field] is { } node && node.GetValueKind() == JsonValueKind.String).ToList();
        var composed = await WrittenAsync(db, present.Select(m => ((string?)m.Body[m.Field]!.GetValue<string>(), m.Max)).ToList(), ct);
        for (var i = 0; i < present.Count; i++) present[i].Body[present[i].Field] = composed[i];
    }

    private const string WrittenMany = """
        SELECT CASE WHEN char_length(normalize(t, NFC)) <= greatest(m, char_length(t)) THEN normalize(t, NFC) ELSE t END
        FROM unnest(@texts::text[], @maxes::int[]) WITH ORDINALITY AS f (t, m, i)
        ORDER BY i
        """;

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
