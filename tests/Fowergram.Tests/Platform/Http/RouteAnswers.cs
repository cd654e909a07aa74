using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>What the route-walking tests (<see cref="RouteFuzzTests"/>, <see cref="DeepRouteFuzzTests"/>, <see cref="ConcurrentRouteTests"/>) share.</summary>
public static class RouteAnswers
{
    /// <summary>Any success, a 405, or a 4xx problem+json: never a 5xx, never a bare 4xx.</summary>
    public static bool IsAcceptable(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return status < 500 && (status < 400 || status == 405 || response.Content.Headers.ContentType?.MediaType == "application/problem+json");
    }

    /// <summary>Status, media type and the start of the body, for a failure message.</summary>
    public static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}: {(text.Length > 300 ? text[..300] + "…" : text)}";
    }

    /// <summary>Deletes after everything else, the most specific first (a comment before its post), so each finds its target.</summary>
    public static List<MappedRoute> DeletesLast(IEnumerable<MappedRoute> routes) =>
        routes.OrderBy(r => r.Method == "DELETE").ThenByDescending(r => r.Method == "DELETE" ? r.Template.Length : 0).ToList();
}
