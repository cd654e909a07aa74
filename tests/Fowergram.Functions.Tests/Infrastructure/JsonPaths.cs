using System.Text.Json;

namespace Fowergram.Functions.Tests.Infrastructure;

public static class JsonPaths
{
    /// <summary>The property at a dotted path ("properties.siteConfig.minTlsVersion"); a missing one fails naming the path.</summary>
    public static JsonElement At(this JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var next))
                throw new Xunit.Sdk.XunitException($"No {path} (missing {name}) in {Shortened(element.GetRawText())}");
            element = next;
        }
        return element;
    }

    private static string Shortened(string json) => json.Length <= 400 ? json : json[..400] + "…";
}
