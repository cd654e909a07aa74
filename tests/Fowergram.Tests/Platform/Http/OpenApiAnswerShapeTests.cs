using System.Net;
using System.Net.Http.Headers;
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
/// (<see cref="OpenApiShapeChecker"/>, formats included) that, unlike a JSON Schema validator, refuses what a schema leaves open: every member of
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
        var checker = new OpenApiShapeChecker(document);
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
                var answer = await checker.CheckAnswerAsync(operation, response, $"GET {path} as {caller} ({(int)response.StatusCode})");
                if (answer.BodyChecked && response.IsSuccessStatusCode) bodies++;
                else if (answer.BodyChecked) problems++;
                failures.AddRange(answer.Problems);
            }
        }
        Assert.True(bodies >= 150, $"Only {bodies} successful answers had a body to check.");
        Assert.True(problems >= 100, $"Only {problems} refusals had a body to check.");
        Assert.True(failures.Count == 0,
            $"Of {bodies} bodies and {problems} problems checked, {failures.Count} differ from the document:\n" + string.Join("\n", failures.Distinct()));
    }
}
