using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The API document describes what every write (POST, PUT, PATCH, DELETE) answers, member for member, as
/// <see cref="OpenApiAnswerShapeTests"/> holds the reads, with the same checker (<see cref="OpenApiShapeChecker"/>). In a
/// seeded world (<see cref="FuzzWorld"/>), route by route (deletes last, the most specific first), each write is sent:
/// refused first, as the owner, before anything changes — without a body, with a body of the wrong JSON type, with a member
/// of the wrong type, and with each id of its path replaced by one of nothing; then by the other account (which reaches
/// the 403s: a channel member posting, a non-moderator deciding); then as the owner with a valid body of the documented
/// request type. Every answer must be a documented status, every 4xx problem+json of the Problem schema, every body
/// exactly its documented schema, formats included.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiWriteShapeTests(FowergramApp app)
{
    private static readonly Dictionary<string, string> RequiredQuery = new() { ["q"] = "abc", ["name"] = "Bangkok" };

    [Fact]
    public async Task Every_write_answer_valid_or_refused_has_exactly_its_documented_shape()
    {
        var document = JsonNode.Parse(await app.Client.GetStringAsync("/api/v1/openapi.json"))!;
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var checker = new OpenApiShapeChecker(document);
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Key != "get").Select(op => (Route: new MappedRoute(op.Key.ToUpperInvariant(), path.Key), Operation: op.Value!.AsObject())))
            .ToDictionary(o => o.Route.Key);
        var failures = new List<string>();
        var (successes, bodies, refusals) = (0, 0, 0);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };

        async Task SendAsync(MappedRoute route, JsonObject operation, string url, TestUser user, string? body, string label)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            var answer = await checker.CheckAnswerAsync(operation, response, $"{route.Key} {label} ({(int)response.StatusCode})");
            failures.AddRange(answer.Problems);
            if (response.IsSuccessStatusCode) successes++;
            if (answer.BodyChecked && response.IsSuccessStatusCode) bodies++;
            else if (answer.BodyChecked) refusals++;
        }

        foreach (var route in RouteAnswers.DeletesLast(operations.Values.Select(o => o.Route)))
        {
            var operation = operations[route.Key].Operation;
            var query = string.Join('&', (operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query" && (bool)p["required"]!)
                .Select(p => $"{p!["name"]}={RequiredQuery[(string)p["name"]!]}"));
            var url = world.Fill(route) + (query.Length > 0 ? "?" + query : "");
            var hasBody = operation["requestBody"] is not null;
            var valid = hasBody ? OpenApiDocumentTests.BodyFor(operation, document, values, world) : null;

            if (hasBody)
            {
                await SendAsync(route, operation, url, world.Owner, null, "as owner without a body");
                await SendAsync(route, operation, url, world.Owner, "[]", "as owner with an array for a body");
                if (WrongTyped(valid!) is { } wrong) await SendAsync(route, operation, url, world.Owner, wrong.Body, $"as owner with {wrong.Member} of the wrong type");
                if (UnknownIdsIn(valid!) is { } nothing) await SendAsync(route, operation, url, world.Owner, nothing, "as owner with ids of nothing in the body");
            }
            foreach (var unknown in UnknownIds(route, world))
                await SendAsync(route, operation, unknown.Url, world.Owner, valid, $"as owner with an unknown {unknown.Parameter}");
            // The other account's own account and sessions are its business alone (and signing it out would end its part here).
            if (!route.Template.StartsWith("/api/v1/users/me", StringComparison.Ordinal) && !route.Template.StartsWith("/api/v1/auth/", StringComparison.Ordinal))
                await SendAsync(route, operation, url, world.Other, valid, "as the other account");
            await SendAsync(route, operation, url, world.Owner, valid, "as owner");
        }
        Assert.True(failures.Count == 0, $"Of {successes} successes ({bodies} with a body) and {refusals} refusals, {failures.Count} answers differ from the document:\n"
            + string.Join("\n", failures.Distinct()));
        Assert.True(successes >= 200, $"Only {successes} writes succeeded.");
        Assert.True(bodies >= 80, $"Only {bodies} successful writes had a body to check.");
        Assert.True(refusals >= 500, $"Only {refusals} refusals had a body to check.");
    }

    /// <summary>
    /// Nothing in the pipeline answers 403 (a suspended account's tokens are 401s), so only the routes whose handler can refuse a
    /// known caller document it (<c>.CanForbid()</c>, docs/api.md "Who answers 403"); until session 55 all 472 operations that
    /// read a token did. The walk above holds the other direction: a 403 from a route that does not document it fails.
    /// </summary>
    [Fact]
    public async Task Only_the_routes_whose_handler_can_refuse_a_known_caller_document_403()
    {
        var document = JsonNode.Parse(await app.Client.GetStringAsync("/api/v1/openapi.json"))!;
        var forbidding = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Value!["responses"]!["403"] is not null).Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}")).ToHashSet();
        var marked = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Fowergram.Platform.Http.OpenApi.ForbiddenMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} {Fowergram.Platform.Http.RouteParameters.Plain(e.RoutePattern)}")).ToHashSet();

        Assert.Equal(marked.Order(StringComparer.Ordinal), forbidding.Order(StringComparer.Ordinal));
        Assert.InRange(forbidding.Count, 50, 70);
        Assert.Contains("POST /api/v1/moderation/reports/{id}/resolve", forbidding);
        Assert.Contains("POST /api/v1/auth/login", forbidding);
        Assert.DoesNotContain("PUT /api/v1/posts/{id}/like", forbidding);
        Assert.DoesNotContain("GET /api/v1/posts/{id}", forbidding);
    }

    /// <summary>The valid body with its first member given a value of another JSON type (a number for text, text for anything else).</summary>
    private static (string Member, string Body)? WrongTyped(string valid)
    {
        if (JsonNode.Parse(valid) is not JsonObject body || body.FirstOrDefault(m => m.Value is not null) is not { Key: { } member } first) return null;
        body[member] = first.Value!.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(12345) : JsonValue.Create("not that");
        return (member, body.ToJsonString());
    }

    /// <summary>The valid body with every id in it (a string holding a UUID, at any depth) replaced by a fresh one; null when it names none.</summary>
    private static string? UnknownIdsIn(string valid)
    {
        var body = JsonNode.Parse(valid)!;
        var replaced = 0;
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, member) in obj.ToList())
                        if (member is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out _)) { obj[name] = Guid.NewGuid().ToString(); replaced++; }
                        else Walk(member);
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                        if (array[i] is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out _)) { array[i] = Guid.NewGuid().ToString(); replaced++; }
                        else Walk(array[i]);
                    break;
            }
        }
        Walk(body);
        return replaced > 0 ? body.ToJsonString() : null;
    }

    /// <summary>The URL with one path parameter at a time naming nothing: a fresh id for an id, a username nobody has for a username.</summary>
    private static IEnumerable<(string Parameter, string Url)> UnknownIds(MappedRoute route, FuzzWorld world)
    {
        var filled = world.Fill(route).Split('/');
        var template = route.Template.Split('/');
        for (var i = 0; i < template.Length; i++)
        {
            if (!template[i].StartsWith('{')) continue;
            var nothing = Guid.TryParse(filled[i], out _) ? Guid.NewGuid().ToString()
                : template[i] == "{username}" ? "nobody" + Guid.NewGuid().ToString("N")[..12] : null;
            if (nothing is null) continue;
            yield return (template[i].Trim('{', '}'), string.Join('/', filled.Select((s, j) => j == i ? nothing : s)));
        }
    }
}
