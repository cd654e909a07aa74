using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fowergram.Tests.Infrastructure;
using Json.Schema;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// GET /api/v1/openapi.json describes the API as it behaves: every route once with its path parameters, the security
/// that <see cref="RouteAuthenticationTests"/> proves route by route, the query parameters each route validates (and no
/// other: one it validates but does not document fails too), and a JSON body exactly where a route reads one.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(FowergramApp app)
{
    /// <summary>A value each optional query parameter refuses; required ones are sent with a value they accept.</summary>
    private static readonly Dictionary<string, string> Refused = new()
    {
        ["limit"] = "0", ["cursor"] = "not-a-cursor", ["days"] = "0", ["group"] = "maybe", ["folder"] = "nowhere", ["type"] = "NOT A TYPE",
        ["q"] = new string('q', 5_000), ["name"] = "",
    };

    private static readonly Dictionary<string, string> Accepted = new() { ["q"] = "abc", ["name"] = "Bangkok" };

    [Fact]
    public async Task The_document_is_served_as_json_and_describes_every_route_once_with_its_path_parameters()
    {
        var (document, response) = await DocumentAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3.1.1", (string?)document["openapi"]);
        var routes = ApiRoutes();
        var operations = Operations(document).ToList();
        Assert.Equal(routes.Select(r => r.Key).Order(StringComparer.Ordinal), operations.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(operations.Count, operations.Select(o => (string?)o.Operation["operationId"]).Distinct().Count());
        Assert.All(operations, o => Assert.Equal(RouteTable.ParameterNames(o.Template),
            Parameters(o.Operation, "path").Select(p => (string)p["name"]!)));
    }

    [Fact]
    public async Task The_servers_openapi_verb_prints_the_served_document_without_settings_or_a_database()
    {
        var response = await app.Client.GetAsync("/api/v1/openapi.json");

        Assert.Equal(await response.Content.ReadAsStringAsync(), await Fowergram.Server.ServerCli.OpenApiDocumentAsync());
        Assert.Contains("openapi", Fowergram.Server.ServerCli.Usage);
    }

    [Fact]
    public async Task The_document_carries_an_etag_and_a_client_that_has_it_gets_304()
    {
        var (first, second) = (await app.Client.GetAsync("/api/v1/openapi.json"), await app.Client.GetAsync("/api/v1/openapi.json"));
        var etag = first.Headers.ETag;

        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(Encoding.UTF8.GetByteCount(await first.Content.ReadAsStringAsync()), first.Content.Headers.ContentLength);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/v1/openapi.json");
        revalidate.Headers.IfNoneMatch.Add(etag);
        var unchanged = await app.Client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.Headers.ETag);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/openapi.json");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-older-document\""));
        var changed = await app.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await changed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_operation_asks_for_the_token_the_route_needs()
    {
        var (document, _) = await DocumentAsync();

        Assert.All(Operations(document), o =>
        {
            var expected = RouteAuthenticationTests.Open.ContainsKey(o.Key) ? "[]"
                : RouteAuthenticationTests.GuestOrMember.Contains(o.Key) ? """[{"bearer":[]},{}]""" : """[{"bearer":[]}]""";
            Assert.True(expected == o.Operation["security"]!.ToJsonString(), $"{o.Key}: {o.Operation["security"]!.ToJsonString()}, expected {expected}");
        });
    }

    [Fact]
    public async Task Each_route_validates_exactly_the_query_parameters_it_documents()
    {
        var (document, _) = await DocumentAsync();
        var world = await FuzzWorld.CreateAsync(app);
        var failures = new List<string>();
        foreach (var o in Operations(document).Where(o => o.Method == "GET"))
        {
            var url = world.Fill(new MappedRoute(o.Method, o.Template));
            var documented = Parameters(o.Operation, "query").ToDictionary(p => (string)p["name"]!, p => (bool)p["required"]!);
            var required = documented.Where(p => p.Value).Select(p => $"{p.Key}={Accepted[p.Key]}").ToList();
            foreach (var (name, refused) in Refused)
            {
                var query = string.Join('&', required.Where(r => !r.StartsWith(name + "=", StringComparison.Ordinal)).Append($"{name}={refused}"));
                var errors = await ErrorsAsync($"{url}?{query}", world.Owner.Token);
                var named = errors?.ContainsKey(name) == true;
                if (documented.ContainsKey(name) != named)
                    failures.Add($"{o.Key}: {name}={refused} was {(named ? "refused, but the parameter is not documented" : "not refused, but the parameter is documented")}");
            }
            foreach (var name in documented.Where(p => p.Value).Select(p => p.Key))
                if ((await ErrorsAsync($"{url}?{string.Join('&', required.Where(r => !r.StartsWith(name + "=", StringComparison.Ordinal)))}", world.Owner.Token))?
                        .ContainsKey(name) != true)
                    failures.Add($"{o.Key}: documented {name} as required, but a request without it was not refused naming it");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_route_documents_a_json_body_exactly_when_it_reads_one()
    {
        var (document, _) = await DocumentAsync();
        var world = await FuzzWorld.CreateAsync(app);
        var failures = new List<string>();
        foreach (var o in Operations(document).Where(o => o.Method is not "GET"))
        {
            using var request = new HttpRequestMessage(new HttpMethod(o.Method), world.Fill(new MappedRoute(o.Method, o.Template)))
            {
                Content = new StringContent("hello", Encoding.UTF8, "text/plain"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
            using var response = await app.Client.SendAsync(request);
            var documented = o.Operation["requestBody"] is not null;
            if (documented != (response.StatusCode == HttpStatusCode.UnsupportedMediaType))
                failures.Add($"{o.Key}: text/plain answered {(int)response.StatusCode}, but the body is {(documented ? "" : "not ")}documented");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Schemathesis's use_after_free, over the document: for every resource the API deletes and reads at one path, a read
    /// after the owner's delete is a 404 (deleted things are absent, not shown as deleted), and a list the owner cleared
    /// (recent searches) reads empty. Deleting the account (a body with the password) has tests of its own.
    /// </summary>
    [Fact]
    public async Task What_the_owner_deleted_is_not_found_at_the_path_it_was_deleted_from()
    {
        var (document, _) = await DocumentAsync();
        var world = await FuzzWorld.CreateAsync(app);
        var deletable = Operations(document).Where(o => o.Method == "DELETE" && o.Operation["requestBody"] is null)
            .Where(o => Operations(document).Any(g => g.Method == "GET" && g.Template == o.Template)).ToList();
        var failures = new List<string>();
        foreach (var o in RouteAnswers.DeletesLast(deletable.Select(o => new MappedRoute(o.Method, o.Template))))
        {
            var url = world.Fill(o);
            using var delete = new HttpRequestMessage(HttpMethod.Delete, url);
            delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
            using var deleted = await app.Client.SendAsync(delete);
            using var read = new HttpRequestMessage(HttpMethod.Get, url);
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
            using var after = await app.Client.SendAsync(read);
            var cleared = after.StatusCode == HttpStatusCode.OK
                && JsonNode.Parse(await after.Content.ReadAsStringAsync())?["items"] is JsonArray { Count: 0 };
            if (!deleted.IsSuccessStatusCode || (after.StatusCode != HttpStatusCode.NotFound && !cleared))
                failures.Add($"{o.Template}: DELETE {(int)deleted.StatusCode}, then GET {(int)after.StatusCode}");
        }
        Assert.True(deletable.Count >= 8, $"Only {deletable.Count} deletable resources: {string.Join(", ", deletable.Select(o => o.Template))}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The members a merge patch documents are written by hand (<c>.Patch(…)</c>): each must be one the route reads, with that type.</summary>
    [Fact]
    public async Task Each_documented_merge_patch_member_is_read_with_its_documented_type()
    {
        var (document, _) = await DocumentAsync();
        var world = await FuzzWorld.CreateAsync(app);
        var wrong = new Dictionary<string, string> { ["string"] = "12345", ["boolean"] = "\"yes\"", ["integer"] = "\"x\"", ["number"] = "\"x\"", ["array"] = "\"x\"", ["object"] = "5" };
        var failures = new List<string>();
        var members = 0;
        foreach (var o in Operations(document).Where(o => o.Method == "PATCH"))
        {
            var schema = o.Operation["requestBody"]!["content"]!["application/json"]!["schema"]!;
            if (schema["$ref"] is not null) continue; // a request type, not a merge patch
            foreach (var (member, definition) in schema["properties"]!.AsObject())
            {
                members++;
                // A decimal is a oneOf (a number, or a string holding one): a string holding no number is the wrong type for it.
                var type = (string)(definition!["type"]?[0] ?? definition["oneOf"]![0]!["type"])!;
                using var request = new HttpRequestMessage(HttpMethod.Patch, world.Fill(new MappedRoute(o.Method, o.Template)))
                {
                    Content = new StringContent($$"""{"{{member}}":{{wrong[type]}}}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
                using var response = await app.Client.SendAsync(request);
                var errors = response.StatusCode == HttpStatusCode.BadRequest
                    ? JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"]?.AsObject() : null;
                if (errors?.Any(e => e.Key == member || e.Key.StartsWith(member + "[", StringComparison.Ordinal) || e.Key.StartsWith(member + ".", StringComparison.Ordinal)) != true)
                    failures.Add($"{o.Key}: {member} = {wrong[type]} (not a {type}) answered {(int)response.StatusCode} without naming it");
            }
        }
        Assert.True(members >= 30, $"Only {members} merge patch members documented.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_operation_names_its_success_statuses()
    {
        var (document, _) = await DocumentAsync();

        var vague = Operations(document).Where(o => o.Operation["responses"]!.AsObject()
            .All(r => r.Key.Length != 3 || r.Key[0] is not ('2' or '3'))).Select(o => o.Key).ToList();

        Assert.True(vague.Count == 0, "No success status: " + string.Join(", ", vague));
    }

    /// <summary>
    /// Schemathesis's response checks, over the document: every route called as the owner of one of everything (reads,
    /// then writes with a plausible body of the documented request type, deletes last); each success must have a
    /// documented status, a body exactly when one is documented, and a body that validates against the documented schema.
    /// </summary>
    [Fact]
    public async Task Every_success_answers_a_documented_status_and_a_body_of_the_documented_schema()
    {
        var (document, _) = await DocumentAsync();
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var schemas = new DocumentSchemas(document);
        var operations = Operations(document).ToDictionary(o => o.Key);
        var failures = new List<string>();
        var checkedBodies = 0;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };
        foreach (var route in RouteAnswers.DeletesLast(operations.Values.Select(o => new MappedRoute(o.Method, o.Template))))
        {
            var o = operations[route.Key];
            var query = string.Join('&', Parameters(o.Operation, "query").Where(p => (bool)p["required"]!).Select(p => $"{p["name"]}={Accepted[(string)p["name"]!]}"));
            using var request = new HttpRequestMessage(new HttpMethod(o.Method), world.Fill(route) + (query.Length > 0 ? "?" + query : ""));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
            if (o.Operation["requestBody"] is not null)
                request.Content = new StringContent(BodyFor(o.Operation, document, values, world), Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 400) continue; // refusals are RouteFuzzTests' and the checks above
            if (o.Operation["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject documented)
            {
                failures.Add($"{o.Key}: answered {status}, which is not documented");
                continue;
            }
            var text = await response.Content.ReadAsStringAsync();
            var schema = documented["content"]?["application/json"]?["schema"];
            if (schema is null)
            {
                if (text.Length > 0) failures.Add($"{o.Key}: answered {status} with a body, but none is documented");
                continue;
            }
            checkedBodies++;
            if (schemas.Problems(schema, text) is { Count: > 0 } problems)
                failures.Add($"{o.Key} ({status}): {string.Join("; ", problems.Take(5))}");
        }
        Assert.True(checkedBodies >= 100, $"Only {checkedBodies} answers had a body to check.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A plausible request of the documented type; an empty merge patch (which changes nothing and answers the resource).</summary>
    internal static string BodyFor(JsonObject operation, JsonNode document, FuzzValues values, FuzzWorld world)
    {
        var reference = (string?)operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"];
        if (reference is null) return "{}";
        var name = reference[(reference.LastIndexOf('/') + 1)..];
        var type = typeof(Fowergram.Platform.Http.ApiJson).Assembly.GetExportedTypes().Single(t => t.Name == name);
        return FuzzBodies.PlausibleOf(type, values).Json;
    }

    private async Task<(JsonNode Document, HttpResponseMessage Response)> DocumentAsync()
    {
        var response = await app.Client.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response);
    }

    /// <summary>The API's routes: the Server host's signed media URLs (/media/…) are the local store's, not the API's.</summary>
    private List<MappedRoute> ApiRoutes() => RouteTable.Of(app.Services).Where(r => r.Template.StartsWith("/api/", StringComparison.Ordinal)).ToList();

    private static IEnumerable<(string Key, string Method, string Template, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())));

    private static IEnumerable<JsonNode> Parameters(JsonObject operation, string location) =>
        (operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == location)!;

    /// <summary>The fields a 400 names, or null when the answer is not a 400.</summary>
    private async Task<JsonObject?> ErrorsAsync(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.BadRequest) return null;
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"]?.AsObject() ?? [];
    }

    /// <summary>The document's component schemas as JSON Schema 2020-12 (OpenAPI 3.1's dialect), to validate answers with.</summary>
    private sealed class DocumentSchemas(JsonNode document)
    {
        private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };
        private readonly string _definitions = Closed(document["components"]!["schemas"]!.DeepClone()).ToJsonString().Replace("#/components/schemas/", "#/$defs/");
        private readonly Dictionary<string, JsonSchema> _built = [];

        /// <summary>
        /// Objects with members allow no others here (unless the document says they take more): an answer carrying a member
        /// its type does not declare fails.
        /// </summary>
        private static JsonNode Closed(JsonNode node)
        {
            if (node is JsonObject obj)
            {
                if (obj["properties"] is not null && !obj.ContainsKey("additionalProperties")) obj["additionalProperties"] = false;
                foreach (var (_, value) in obj.ToList()) if (value is not null) Closed(value);
            }
            else if (node is JsonArray array) foreach (var item in array) if (item is not null) Closed(item);
            return node;
        }

        public List<string> Problems(JsonNode schema, string body)
        {
            var reference = ((string?)schema["$ref"])?.Replace("#/components/schemas/", "#/$defs/") ?? "#/$defs/AnyJson";
            if (!_built.TryGetValue(reference, out var built))
            {
                var root = reference == "#/$defs/AnyJson" ? schema.ToJsonString() : $$"""{"$defs":{{_definitions}},"$ref":"{{reference}}"}""";
                _built[reference] = built = JsonSchema.FromText(root, baseUri: new Uri($"https://fowergram.test/{Guid.NewGuid():N}"));
            }
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var results = built.Evaluate(json.RootElement, Options);
            return results.IsValid ? [] : (results.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")).ToList();
        }
    }
}
