using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The API document describes what the API really answers, member for member. Every GET route of the document is called
/// over HTTP against the Server host, in a seeded world (<see cref="FuzzWorld"/>: an owner of one of everything, and
/// another account that follows someone who follows the owner) by three callers: the owner, the other account, and a
/// guest. Each answer is held to the operation's documented answer for its status by a small checker
/// (<see cref="ShapeChecker"/>) that, unlike a JSON Schema validator, refuses what a schema leaves open: every member of
/// the body must be documented by name with its JSON type (a null only where the type admits it; no
/// <c>additionalProperties: true</c>, no untyped member), every member documented as required must be there, and every
/// 4xx must be a documented status answered as problem+json of the Problem schema.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiAnswerShapeTests(FowergramApp app)
{
    /// <summary>GET routes whose answer no one type describes: said so in the document (docs/api.md), so not checked here.</summary>
    private static readonly Dictionary<string, string> Undescribed = new()
    {
        ["GET /api/v1/openapi.json"] = "the OpenAPI document itself",
        ["GET /api/v1/users/me/export"] = "the account's data archive, a document of every area's rows",
    };

    private static readonly Dictionary<string, string> RequiredQuery = new() { ["q"] = "abc", ["name"] = "Bangkok" };

    [Fact]
    public async Task Every_get_answer_to_the_owner_another_account_and_a_guest_has_exactly_its_documented_shape()
    {
        var document = JsonNode.Parse(await app.Client.GetStringAsync("/api/v1/openapi.json"))!;
        var world = await FuzzWorld.CreateAsync(app);
        var posts = new PostsClient(app);
        // "Followed by …" on the owner's profile, as the other account sees it: someone the other follows follows the owner.
        var mutual = await posts.NewUserAsync();
        await posts.FollowAsync(world.Other, mutual);
        await posts.FollowAsync(mutual, world.Owner);
        var callers = new (string Name, TestUser? User)[] { ("owner", world.Owner), ("other", world.Other), ("guest", null) };
        var checker = new ShapeChecker(document);
        var failures = new List<string>();
        var (bodies, problems) = (0, 0);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is not JsonObject operation || Undescribed.ContainsKey($"GET {path}")) continue;
            var query = string.Join('&', (operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query" && (bool)p["required"]!)
                .Select(p => $"{p!["name"]}={RequiredQuery[(string)p["name"]!]}"));
            var url = world.Fill(new MappedRoute("GET", path)) + (query.Length > 0 ? "?" + query : "");
            foreach (var (caller, user) in callers)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (user is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
                using var response = await client.SendAsync(request);
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var where = $"GET {path} as {caller} ({status})";
                var text = await response.Content.ReadAsStringAsync();
                if (operation["responses"]![status] is not JsonNode documented)
                {
                    failures.Add($"{where}: the status is not documented");
                    continue;
                }
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (response.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError && mediaType != "application/problem+json")
                    failures.Add($"{where}: a refusal answered as {mediaType}, not application/problem+json");
                var schema = checker.Resolve(documented)["content"]?[mediaType ?? ""]?["schema"];
                if (schema is null)
                {
                    if (text.Length > 0) failures.Add($"{where}: a {mediaType} body where none is documented");
                    continue;
                }
                if (status[0] == '2') bodies++; else problems++;
                failures.AddRange(checker.Problems(JsonNode.Parse(text), schema).Select(p => $"{where}: {p}"));
            }
        }
        Assert.True(bodies >= 150, $"Only {bodies} successful answers had a body to check.");
        Assert.True(problems >= 100, $"Only {problems} refusals had a body to check.");
        Assert.True(failures.Count == 0,
            $"Of {bodies} bodies and {problems} problems checked, {failures.Count} differ from the document:\n" + string.Join("\n", failures.Distinct()));
    }

    /// <summary>
    /// The subset of JSON Schema the document uses ($ref, type, enum, properties, required, additionalProperties, items,
    /// anyOf/oneOf), read strictly: what a schema leaves open is a member the document does not describe.
    /// </summary>
    private sealed class ShapeChecker(JsonNode document)
    {
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
}
