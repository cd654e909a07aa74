using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>
/// The document's <c>components/schemas</c>: one schema per request or response type, exported by System.Text.Json with
/// the API's own options (<see cref="ApiJson"/>), so member names, enum spellings and nullability are what the handlers
/// read and write. Operations point at them with <c>$ref</c>.
/// </summary>
internal sealed class SchemaRegistry
{
    private readonly Dictionary<(Type, bool), string> _names = [];
    private readonly SortedDictionary<string, JsonNode> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, IReadOnlyList<ExtensionMember>> _extensions = [];

    /// <summary>The members other areas add to <paramref name="type"/>'s extension data; call before the type is first referenced.</summary>
    public void Extend(Type type, IReadOnlyList<ExtensionMember> members) =>
        _extensions[type] = [.. _extensions.GetValueOrDefault(type, []), .. members];

    /// <param name="answer">
    /// An answer's type: its non-nullable members are required, since answers leave out only nulls. A request type's members
    /// are all optional here (see <see cref="AsDocumented"/>); each route says which it needs (<see cref="JsonBodyMetadata"/>).
    /// </param>
    public JsonObject Ref(Type type, bool answer)
    {
        if (!_names.TryGetValue((type, answer), out var name))
        {
            name = UniqueName(type);
            _names[(type, answer)] = name;
            var schema = JsonSchemaExporter.GetJsonSchemaAsNode(ApiJson.Options, type,
                new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = (context, node) => AsDocumented(context, node, answer) });
            _schemas[name] = Rebase(schema, $"#/components/schemas/{name}");
            // After the rebase: the added members point at components, not into this type's own schema.
            if (_extensions.TryGetValue(type, out var added)) AddMembers((JsonObject)schema, added, answer);
        }
        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    /// <summary>The registered schemas, by name, with <paramref name="more"/> (the Problem schema) among them.</summary>
    public JsonObject ToJson(IEnumerable<KeyValuePair<string, JsonNode>> more)
    {
        var all = new SortedDictionary<string, JsonNode>(_schemas, StringComparer.Ordinal);
        foreach (var (name, schema) in more) all[name] = schema;
        var json = new JsonObject();
        foreach (var (name, schema) in all) json[name] = schema.DeepClone();
        return json;
    }

    /// <summary>PostView → PostView; Page&lt;PostView&gt; → PostViewPage; a second type of one name gets its namespace's last part.</summary>
    private string UniqueName(Type type)
    {
        var name = Name(type);
        if (_schemas.ContainsKey(name) || _names.ContainsValue(name)) name = type.Namespace?.Split('.')[^1] + name;
        return name;
    }

    private static string Name(Type type) => type.IsGenericType
        ? string.Concat(type.GetGenericArguments().Select(Name)) + type.Name[..type.Name.IndexOf('`')]
        : type == typeof(ResponseMetadata.AnyJson) ? "AnyJson" : type.Name;

    /// <summary>
    /// The exporter writes references inside a type's schema relative to its root ("#/properties/replies/items"); in the
    /// document that root is the component.
    /// </summary>
    private static JsonNode Rebase(JsonNode node, string root)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                    if (key == "$ref" && (string?)value is { } target && target.StartsWith('#')) obj[key] = root + target[1..];
                    else if (value is not null) Rebase(value, root);
                break;
            case JsonArray array:
                foreach (var item in array) if (item is not null) Rebase(item, root);
                break;
        }
        return node;
    }

    /// <summary>
    /// Says that a type with extension data takes more members than it declares, and leaves out two things the exporter
    /// says that clients should not read as the contract: numbers written as strings (the web
    /// defaults read "5" as 5; send numbers), and every constructor parameter as required (request members are nullable
    /// so that validation can name each missing one: the 400's <c>errors</c> say which a request needs). Answers leave out
    /// null members only, so there every member whose type cannot be null is required.
    /// </summary>
    private static JsonNode AsDocumented(JsonSchemaExporterContext context, JsonNode node, bool answer)
    {
        // The exporter knows no custom converter's shape (it writes true): an exact decimal reads what ExactDecimal reads, and is
        // written as a JSON number.
        if (context.PropertyInfo is { } member && ReadExactly(member))
            return answer ? new JsonObject { ["type"] = System.Nullable.GetUnderlyingType(member.PropertyType) is null ? "number" : new JsonArray("number", "null") }
                : ExactDecimalSchema(nullable: System.Nullable.GetUnderlyingType(member.PropertyType) is not null);
        if (node is not JsonObject schema) return node;
        schema.Remove("required");
        // Members other areas add at run time ([JsonExtensionData]); Ref replaces this with the ones declared (ExtensionMember).
        if (context.PropertyInfo is null && context.TypeInfo.Properties.Any(p => p.IsExtensionData)) schema["additionalProperties"] = true;
        if (answer && schema["properties"] is JsonObject properties)
        {
            var always = properties.Where(p => p.Value?["type"] is { } type && !Nullable(type)).Select(p => (JsonNode)p.Key).ToArray();
            if (always.Length > 0) schema["required"] = new JsonArray(always);
        }
        if (schema["type"] is JsonArray types && schema.ContainsKey("pattern") &&
            types.Any(t => (string?)t is "integer" or "number") && types.FirstOrDefault(t => (string?)t == "string") is { } asString)
        {
            types.Remove(asString);
            schema.Remove("pattern");
        }
        return schema;
    }

    /// <summary>
    /// Names the members other areas add (<see cref="ExtensionMember"/>) in place of "any other member": each by reference to
    /// its type's schema, required when every answer carries it.
    /// </summary>
    private void AddMembers(JsonObject schema, IReadOnlyList<ExtensionMember> members, bool answer)
    {
        schema.Remove("additionalProperties");
        var properties = schema["properties"] as JsonObject ?? (JsonObject)(schema["properties"] = new JsonObject());
        foreach (var member in members)
        {
            var reference = Ref(member.Type, answer);
            reference["description"] = member.Description;
            properties[member.Name] = reference;
        }
        var always = members.Where(m => m.Always && answer).Select(m => (JsonNode)m.Name).ToArray();
        if (always.Length > 0)
        {
            var required = schema["required"] as JsonArray ?? (JsonArray)(schema["required"] = new JsonArray());
            foreach (var name in always) required.Add(name);
        }
    }

    /// <summary>
    /// What <see cref="ExactDecimal.TryRead"/> accepts in a request: a JSON number, or a string whose whole text is one
    /// (<c>"12.50"</c>); null too where the member may be left null. Whether the value fits the field (a price's decimals
    /// for its currency) is the route's validation, a 400 naming the member.
    /// </summary>
    public static JsonObject ExactDecimalSchema(bool nullable)
    {
        var alternatives = new JsonArray(
            new JsonObject { ["type"] = "number" },
            new JsonObject { ["type"] = "string", ["pattern"] = "^" + ExactDecimal.NumberText + "$", ["description"] = "A JSON number's text, read exactly." });
        if (nullable) alternatives.Add(new JsonObject { ["type"] = "null" });
        return new JsonObject { ["oneOf"] = alternatives, ["description"] = $"A decimal: {ExactDecimal.Expected}, never rounded." };
    }

    /// <summary>A member read by <see cref="ExactDecimalConverter"/> (its attribute: the converter the member holds may be wrapped).</summary>
    private static bool ReadExactly(JsonPropertyInfo member) =>
        member.AttributeProvider?.GetCustomAttributes(typeof(JsonConverterAttribute), false).OfType<JsonConverterAttribute>()
            .Any(a => a.ConverterType == typeof(ExactDecimalConverter)) == true;

    private static bool Nullable(JsonNode type) => type is JsonArray types ? types.Any(t => (string?)t == "null") : (string?)type == "null";
}
