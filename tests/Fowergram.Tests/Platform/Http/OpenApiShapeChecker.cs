using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Holds an answer to its operation in the API document, strictly (<see cref="OpenApiAnswerShapeTests"/> for reads,
/// <see cref="OpenApiWriteShapeTests"/> for writes): the status must be documented, a 4xx must be problem+json, a body must
/// be there exactly when one is documented, and the body must match the documented schema member by member. The subset of
/// JSON Schema the document uses ($ref, type, enum, format, pattern, properties, required, additionalProperties, items,
/// anyOf/oneOf) is read so that what a schema leaves open counts as a member the document does not describe.
/// </summary>
public sealed partial class OpenApiShapeChecker(JsonNode document)
{
    /// <summary>What one answer was held to: whether it had a documented body to check, and how it differs, each problem prefixed with where.</summary>
    public sealed record AnswerCheck(bool BodyChecked, List<string> Problems);

    /// <summary>Holds one answer to <paramref name="operation"/>; no problems when it is as documented.</summary>
    public async Task<AnswerCheck> CheckAnswerAsync(JsonObject operation, HttpResponseMessage response, string where)
    {
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var text = await response.Content.ReadAsStringAsync();
        if (operation["responses"]![status] is not JsonNode documented) return new(false, [$"{where}: the status is not documented"]);
        var failures = new List<string>();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError && mediaType != "application/problem+json")
            failures.Add($"{where}: a refusal answered as {mediaType}, not application/problem+json");
        var schema = Resolve(documented)["content"]?[mediaType ?? ""]?["schema"];
        if (schema is null)
        {
            if (text.Length > 0) failures.Add($"{where}: a {mediaType} body where none is documented");
            return new(false, failures);
        }
        if (text.Length == 0) return new(false, [.. failures, $"{where}: no body where a {mediaType} one is documented"]);
        failures.AddRange(Problems(JsonNode.Parse(text), schema).Select(p => $"{where}: {p}"));
        return new(true, failures);
    }

    /// <summary>The node a local <c>$ref</c> (a JSON pointer into the document) names, followed until it is not one.</summary>
    public JsonNode Resolve(JsonNode node)
    {
        while (node is JsonObject obj && (string?)obj["$ref"] is { } reference)
            node = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate(document, (at, token) => at[token.Replace("~1", "/").Replace("~0", "~")]
                    ?? throw new InvalidOperationException($"{reference} names nothing in the document."));
        return node;
    }

    public List<string> Problems(JsonNode? value, JsonNode schema)
    {
        var problems = new List<string>();
        Check(value, schema, "$", problems);
        return problems;
    }

    private void Check(JsonNode? value, JsonNode schema, string at, List<string> problems)
    {
        if (Resolve(schema) is not JsonObject rule)
        {
            problems.Add($"{at}: documented as any value ({schema.ToJsonString()})");
            return;
        }
        if ((rule["anyOf"] ?? rule["oneOf"]) is JsonArray alternatives)
        {
            var tried = alternatives.Select(a => { var p = new List<string>(); Check(value, a!, at, p); return p; }).ToList();
            if (tried.All(p => p.Count > 0)) problems.AddRange(tried.MinBy(p => p.Count)!);
            return;
        }
        var type = rule["type"];
        if (type is null && rule["enum"] is null)
        {
            problems.Add($"{at}: no type documented ({rule.ToJsonString()})");
            return;
        }
        var kind = Kind(value);
        var types = type is JsonArray list ? list.Select(t => (string)t!).ToList() : type is null ? [] : [(string)type!];
        if (types.Count > 0 && !types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            problems.Add($"{at}: {kind} where the document says {type?.ToJsonString()}");
            return;
        }
        if (rule["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
            problems.Add($"{at}: {value?.ToJsonString()} is not one of {values.ToJsonString()}");
        if (kind == "string") CheckString((string)value!, rule, at, problems);
        if (value is JsonObject members)
        {
            var properties = rule["properties"] as JsonObject;
            foreach (var (name, member) in members)
            {
                if (properties?[name] is { } declared) Check(member, declared, $"{at}.{name}", problems);
                else if (rule["additionalProperties"] is JsonObject more) Check(member, more, $"{at}.{name}", problems);
                else problems.Add($"{at}.{name}: not documented ({Kind(member)})");
            }
            foreach (var name in (rule["required"] as JsonArray ?? []).Select(n => (string)n!))
                if (!members.ContainsKey(name)) problems.Add($"{at}.{name}: documented as required, but absent");
        }
        if (value is JsonArray items)
        {
            if (rule["items"] is not { } itemSchema) problems.Add($"{at}: an array whose items are not documented");
            else for (var i = 0; i < items.Count; i++) Check(items[i], itemSchema, $"{at}[{i}]", problems);
        }
    }

    /// <summary>A string member's documented <c>format</c> and <c>pattern</c>: an unknown format fails too, so a new one is checked once added here.</summary>
    private static void CheckString(string text, JsonObject rule, string at, List<string> problems)
    {
        if ((string?)rule["format"] is { } format)
        {
            var holds = format switch
            {
                "uuid" => Guid.TryParseExact(text, "D", out _),
                "date-time" => DateTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                // On Unix "/a/path" is an absolute file URI to .NET; a JSON Schema uri begins with its scheme.
                "uri" => Uri.TryCreate(text, UriKind.Absolute, out var uri) && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase),
                "email" => text.IndexOf('@', StringComparison.Ordinal) is > 0 and var a && a < text.Length - 1 && !text.Any(char.IsWhiteSpace),
                _ => throw new InvalidOperationException($"{at}: the checker does not know format '{format}': teach it."),
            };
            if (!holds) problems.Add($"{at}: \"{Shorten(text)}\" is not a {format}");
        }
        // JSON Schema's patterns are ECMA-262, where a final $ is the very end; .NET's also matches before a final newline.
        if ((string?)rule["pattern"] is { } pattern
            && !Regex.IsMatch(text, pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal) ? pattern[..^1] + @"\z" : pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            problems.Add($"{at}: \"{Shorten(text)}\" does not match {pattern}");
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    /// <summary>RFC 3339's date-time (JSON Schema's format): a date, T, a time, and an offset or Z.</summary>
    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex DateTime();

    private static string Kind(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ToJsonString().IndexOfAny(['.', 'e', 'E']) < 0 ? "integer" : "number",
    };
}
