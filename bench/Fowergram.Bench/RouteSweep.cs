using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Bench;

/// <param name="Route">The template, its parameters by name (<see cref="RouteParameters.Plain"/>).</param>
/// <param name="Page">"1", or the later page measured ("10", or the last there is when fewer).</param>
/// <param name="Statuses">The distinct status codes of the timed requests.</param>
public sealed record RouteFigure(string Route, string Reader, string Page, int Runs, double P50Ms, double P95Ms, double MaxMs,
    string Statuses, StatementFigure Sql);

public sealed record RouteSweepFigure(RouteTargets Targets, IReadOnlyList<RouteFigure> Routes, IReadOnlyList<(string Route, string Why)> Skipped);

/// <summary>
/// Times every GET route of the in-process host, one request at a time, as each sweep reader (docs/performance.md, "The route
/// sweep"): path parameters from <see cref="RouteTargets"/>, a route that needs an id the dataset has none of is skipped.
/// Per route: <see cref="WarmUps"/> requests discarded, then the timed ones; a paged route whose first page has a next
/// cursor is walked to page <see cref="LaterPage"/> (or its last) and that page timed too.
/// </summary>
public static class RouteSweep
{
    public const int WarmUps = 3;
    public const int LaterPage = 10;
    /// <summary>
    /// A route slower than this per request gets fewer timed runs (at least 3, or 1 when one request takes longer), one warm-up
    /// and no later page, so one slow route cannot stall the sweep (a keyword search of a word every caption holds took 30–40 s).
    /// </summary>
    private static readonly TimeSpan RouteBudget = TimeSpan.FromSeconds(8);

    public static IReadOnlyList<(string Template, RouteEndpoint Endpoint)> GetRoutes(BenchServer server) =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true)
            .Select(e => (RouteParameters.Plain(e.RoutePattern), e))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();

    /// <summary>The request path and query for <paramref name="endpoint"/>, or why it cannot be filled.</summary>
    public static (string? Url, string? Why) Fill(string template, RouteEndpoint endpoint, RouteTargets targets)
    {
        var path = template;
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            if (targets.PathValue(template, parameter.Name) is not { } value) return (null, $"no {parameter.Name} in the dataset");
            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var query = new List<string>();
        foreach (var q in endpoint.Metadata.GetOrderedMetadata<QueryParameterMetadata>())
            if (targets.QueryValue(q.Name) is { } value) query.Add($"{q.Name}={Uri.EscapeDataString(value)}");
            else if (q.Required) return (null, $"no value for the required ?{q.Name}");
        return (query.Count == 0 ? path : path + "?" + string.Join('&', query), null);
    }

    public static async Task<List<RouteFigure>> RunAsync(BenchServer server, RouteTargets targets, SweepReader reader, int runs,
        string? match, List<(string Route, string Why)>? skipped)
    {
        var token = server.Services.GetRequiredService<AccessTokens>().Issue(reader.Id, reader.Username).Token;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var watch = new StatementWatch();
        // The host's request pipeline warm (JIT, connections) before the first route, which would otherwise pay for it.
        for (var i = 0; i < 10; i++) await SendAsync(client, "/api/v1/users/me");
        var figures = new List<RouteFigure>();
        foreach (var (template, endpoint) in GetRoutes(server).Where(r => match is null || r.Template.Contains(match, StringComparison.Ordinal)))
        {
            var (url, why) = Fill(template, endpoint, targets);
            if (url is null)
            {
                skipped?.Add((template, why!));
                continue;
            }
            var (first, body) = await MeasureAsync(client, watch, url, runs);
            figures.Add(new RouteFigure(template, reader.Label, "1", first.Runs, first.P50Ms, first.P95Ms, first.MaxMs, first.Statuses, first.Sql));
            // Walking a route of seconds a page to its tenth would take minutes: its first page already says it is slow.
            if (first.P50Ms < RouteBudget.TotalMilliseconds / 8 &&
                endpoint.Metadata.GetOrderedMetadata<QueryParameterMetadata>().Any(q => q.Name == "cursor") &&
                await LaterPageAsync(client, url, body) is var (page, pageUrl) && page > 1)
            {
                var (later, _) = await MeasureAsync(client, watch, pageUrl, runs);
                figures.Add(new RouteFigure(template, reader.Label, page.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    later.Runs, later.P50Ms, later.P95Ms, later.MaxMs, later.Statuses, later.Sql));
            }
        }
        return figures;
    }

    private sealed record Timed(int Runs, double P50Ms, double P95Ms, double MaxMs, string Statuses, StatementFigure Sql);

    private static async Task<(Timed Figure, string FirstBody)> MeasureAsync(HttpClient client, StatementWatch watch, string url, int runs)
    {
        var (firstBody, firstMs) = ("", 0.0);
        for (var i = 0; i < WarmUps; i++)
        {
            var (_, body, ms) = await SendAsync(client, url);
            if (i == 0) (firstBody, firstMs) = (body, ms);
            else firstMs = Math.Min(firstMs, ms);
            if (firstMs > RouteBudget.TotalMilliseconds / 8) break; // a route of seconds is warm after one
        }
        var count = Math.Clamp((int)(RouteBudget.TotalMilliseconds / Math.Max(firstMs, 0.001)), firstMs > RouteBudget.TotalMilliseconds ? 1 : 3, runs);
        var latencies = new double[count];
        var statuses = new SortedSet<int>();
        watch.Start();
        for (var i = 0; i < count; i++)
        {
            var (status, _, ms) = await SendAsync(client, url);
            latencies[i] = ms;
            statuses.Add(status);
        }
        var sql = watch.Stop();
        Array.Sort(latencies);
        return (new Timed(count, HttpLoad.Percentile(latencies, 0.5), HttpLoad.Percentile(latencies, 0.95), latencies[^1],
            string.Join('/', statuses), sql), firstBody);
    }

    private static async Task<(int Status, string Body, double Ms)> SendAsync(HttpClient client, string url)
    {
        var begin = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body, Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
    }

    /// <summary>Follows nextCursor from the first page up to <see cref="LaterPage"/>: the page reached and its URL.</summary>
    private static async Task<(int Page, string Url)> LaterPageAsync(HttpClient client, string url, string firstBody)
    {
        var (page, pageUrl, body) = (1, url, firstBody);
        while (page < LaterPage && NextCursor(body) is { } cursor)
        {
            pageUrl = url + (url.Contains('?') ? "&" : "?") + "cursor=" + Uri.EscapeDataString(cursor);
            (_, body, _) = await SendAsync(client, pageUrl);
            page++;
        }
        return (page, pageUrl);
    }

    private static string? NextCursor(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("nextCursor", out var c) &&
                   c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
