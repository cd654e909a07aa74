using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Fowergram.Platform.Http;

namespace Fowergram.Tests.Platform.Http;

/// <summary>One hostile body: which request type and member it attacks (for the failure message) and the JSON.</summary>
public sealed record FuzzBody(string Label, string Json);

/// <summary>
/// Bodies built from the API's own request types (every public <c>*Request</c> type of a namespace), found by reflection
/// so that a new request type or member is attacked without anyone listing it. Each body is a plausible request
/// (<see cref="FuzzValues.Plausible"/>, so validation of the other members passes and the value reaches what lies behind
/// it) with exactly one member, at any depth, replaced by an edge value of its type: extreme numbers, dates at the ends
/// of the calendar, empty, huge and odd strings, empty and oversized lists, null, and ids of things that are not there
/// or not the caller's.
/// </summary>
public static class FuzzBodies
{
    /// <summary>How deep members are attacked; plausible requests are built whole (the request types have no cycles).</summary>
    private const int MaxDepth = 3;

    /// <summary>The request types declared in <paramref name="area"/> (a namespace such as Fowergram.Features.Posts).</summary>
    public static IReadOnlyList<Type> RequestTypesOf(string area) =>
        typeof(ApiJson).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == area && t.Name.EndsWith("Request", StringComparison.Ordinal) && t.IsClass && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>A request of this type that passes validation where the world's ids allow it.</summary>
    public static FuzzBody PlausibleOf(Type requestType, FuzzValues values) =>
        new($"{requestType.Name} (plausible)", Plausible(requestType, values)!.ToJsonString());

    public static IEnumerable<FuzzBody> For(Type requestType, FuzzValues values)
    {
        var baseline = Plausible(requestType, values)!;
        yield return new FuzzBody($"{requestType.Name} (plausible)", baseline.ToJsonString());
        foreach (var (path, type) in Members(requestType, "", 0))
        foreach (var edge in values.Edges(type, path))
        {
            var body = baseline.DeepClone();
            Replace(body, path, edge?.DeepClone());
            yield return new FuzzBody($"{requestType.Name}.{path} = {Describe(edge)}", body.ToJsonString());
        }
    }

    /// <summary>Every member path (<c>media[0].userTags[0].x</c>) with its declared type, lists included as members themselves.</summary>
    private static IEnumerable<(string Path, Type Type)> Members(Type type, string prefix, int depth)
    {
        foreach (var property in JsonProperties(type))
        {
            var path = prefix + JsonName(property);
            var propertyType = property.PropertyType;
            yield return (path, propertyType);
            if (depth >= MaxDepth) continue;
            if (ElementType(propertyType) is { } element)
            {
                yield return ($"{path}[0]", element);
                if (IsObject(element))
                    foreach (var inner in Members(Unwrap(element), $"{path}[0].", depth + 1)) yield return inner;
            }
            else if (IsObject(propertyType))
                foreach (var inner in Members(Unwrap(propertyType), path + ".", depth + 1)) yield return inner;
        }
    }

    /// <summary><paramref name="area"/>: the namespace of the request being built, where an id's kind depends on it (uploads).</summary>
    private static JsonNode? Plausible(Type type, FuzzValues values, string name = "", string? area = null)
    {
        type = Unwrap(type);
        if (ElementType(type) is { } element)
            return new JsonArray(values.PlausibleList(name, element) ?? [Plausible(element, values, name, area)]);
        if (!IsObject(type)) return values.Plausible(type, name, area);
        var node = new JsonObject();
        var names = JsonProperties(type).Select(JsonName).ToList();
        foreach (var property in JsonProperties(type))
            node[JsonName(property)] = FuzzValues.LeftOut(JsonName(property), names) ? null
                : Plausible(property.PropertyType, values, JsonName(property), type.Namespace);
        return node;
    }

    /// <summary>Sets the member at <paramref name="path"/> (dots and [0]) inside <paramref name="root"/>.</summary>
    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var steps = path.Replace("[0]", ".[0]", StringComparison.Ordinal).Split('.');
        var node = root;
        for (var i = 0; i < steps.Length - 1; i++)
            node = steps[i] == "[0]" ? node.AsArray()[0]! : node.AsObject()[steps[i]]!;
        if (steps[^1] == "[0]") node.AsArray()[0] = value;
        else node.AsObject()[steps[^1]] = value;
    }

    private static IEnumerable<PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0 &&
            p.Name != "EqualityContract");

    private static string JsonName(PropertyInfo property) => ApiJson.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static bool IsObject(Type type)
    {
        type = Unwrap(type);
        return type.IsClass && type != typeof(string) && ElementType(type) is null;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;
    }

    internal static Type? ListElement(Type type) => ElementType(Unwrap(type));

    /// <summary>An edge value as a failure message shows it: long ones cut, with their length.</summary>
    internal static string Describe(JsonNode? edge)
    {
        var text = edge?.ToJsonString() ?? "null";
        return text.Length > 48 ? $"{text[..40]}… ({text.Length} chars)" : text;
    }
}
