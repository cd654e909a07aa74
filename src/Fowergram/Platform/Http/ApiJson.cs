using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fowergram.Platform.Http;

/// <summary>The one JSON shape of the API: camelCase, enums as strings, nulls omitted, UTC ISO-8601 dates.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Unknown members are ignored (clients evolve); duplicated ones are refused as malformed.
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
