using System.Text.RegularExpressions;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Reliability checklist 23 in miniature, over every route the host maps (read from its endpoint table, so
/// a new route is covered the day it is added): route values and bodies that are wrong in the usual ways,
/// signed in and anonymous, never get a 5xx, and every error answer is problem+json.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class RouteFuzzTests(FowergramApp app)
{
    // No "%00": Kestrel refuses a NUL in the path itself, with a bare 400, before the application sees the request.
    private static readonly string[] RouteValues =
        ["x", Guid.Empty.ToString(), Guid.NewGuid().ToString(), "-1", "99999999999999999999", new string('a', 300), "%E2%80%AE", "..%2F.."];

    private static readonly string?[] Bodies =
        [null, "", "{", "[]", "null", "\"text\"", "{\"a\":", "{\"id\":{\"$gt\":1},\"limit\":-5,\"caption\":123,\"media\":\"x\"}", "{\"x\":\"\\u0000\"}"];

    private static readonly string[] Queries = ["", "?limit=abc", "?limit=-1&after=%%%", "?after=bm90LWEtY3Vyc29y&limit=100000", "?q=" + new string('z', 500)];

    [Fact]
    public async Task Garbage_never_gets_a_server_error_and_every_error_is_a_problem()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Template: e.RoutePattern.RawText!)))
            .OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
        Assert.True(routes.Count > 50, $"only {routes.Count} routes found");
        var problems = new List<string>();
        var sent = 0;
        foreach (var (method, template) in routes)
        {
            var (tried, bad) = await TryRouteAsync(method, template);
            sent += tried;
            problems.AddRange(bad);
        }
        Assert.True(sent > routes.Count * RouteValues.Length, $"only {sent} requests for {routes.Count} routes");
        Assert.True(problems.Count == 0, $"{problems.Count} bad answers; the first:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(60))}");
    }

    private async Task<(int Sent, List<string> Problems)> TryRouteAsync(string method, string template)
    {
        var me = await app.Client.RegisterAsync(); // a fresh account: some routes end or change the caller's session
        var problems = new List<string>();
        var sent = 0;
        var writes = method is "POST" or "PUT" or "PATCH";
        foreach (var value in RouteValues)
            foreach (var body in writes ? Bodies : [null])
                foreach (var query in body is null ? Queries : [""])
                    foreach (var token in value == RouteValues[0] && body is null && query == "" ? new[] { me.AccessToken, null, "not.a.token" } : [me.AccessToken])
                    {
                        var url = Parameter().Replace(template, value) + query;
                        using var request = new HttpRequestMessage(new HttpMethod(method), url);
                        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                        using var response = await app.Client.SendWithTokenAsync(request, token);
                        sent++;
                        var text = await response.Content.ReadAsStringAsync();
                        var where = $"{method} {url} body={body ?? "(none)"} token={(token is null ? "none" : token == me.AccessToken ? "valid" : "bad")}";
                        if ((int)response.StatusCode >= 500)
                            problems.Add($"{where} → {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
                        else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                            problems.Add($"{where} → {(int)response.StatusCode} as {response.Content.Headers.ContentType?.MediaType ?? "no body"}");
                    }
        return (sent, problems);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
