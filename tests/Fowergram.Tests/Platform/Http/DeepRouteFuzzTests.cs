using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Every route of the host, called by the owner of real things with edge values where it reads input: each member of
/// each request type of the route's area (<see cref="FuzzBodies"/>) and each query parameter the API reads. Unlike
/// <see cref="RouteFuzzTests"/>, whose ids are nonsense and stop at "not found", these ids exist and belong to the
/// caller, so the input reaches validation, the SQL and what follows. Whatever is sent, the answer is never a 5xx and
/// every 4xx is problem+json. Routes that delete run last, so that everything before them finds its target.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeepRouteFuzzTests(FowergramApp app)
{
    /// <summary>Every query parameter the API reads (Request.Query in src/), with values at and past its edges.</summary>
    private static readonly string[] Queries =
    [
        "limit=0", "limit=-1", "limit=1", "limit=2147483648", "limit=1e3", "limit=100000",
        "cursor=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes("9999-12-31T23:59:59Z|x"))),
        "cursor=" + new string('A', 4_000), "cursor=AAAA", "cursor=-1.MDAwMA",
        "q=" + new string('q', 5_000), "q=%25", "q=_", "q=%5C", "q=%23", "q=%40", "q=%20", "q=%E2%80%AE",
        "type=unknown", "name=" + new string('n', 2_000), "group=unknown", "folder=unknown", "days=0", "days=-1", "days=99999999999",
    ];

    /// <summary>As the owner (deep: every check passes up to the edge value), as another account (the same input on
    /// someone else's things: the ownership and visibility checks with hostile bodies behind them) and as a guest (the
    /// reads guests may make, with every query at its edges).</summary>
    [Theory]
    [InlineData("owner")]
    [InlineData("another account")]
    [InlineData("guest")]
    public async Task No_route_answers_edge_values_on_real_targets_with_a_server_error(string who)
    {
        var world = await FuzzWorld.CreateAsync(app);
        var caller = who switch { "owner" => world.Owner, "another account" => world.Other, _ => null };
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var routes = RouteAnswers.DeletesLast(RouteTable.Of(app.Services));
        var failures = new List<string>();
        var answered = new Dictionary<string, HashSet<int>>();
        var sent = 0;
        foreach (var route in routes)
        {
            var url = world.Fill(route);
            var statuses = answered[route.Key] = [];
            var inputs = Inputs(route, values).ToList();
            if (route.Method == "PATCH") inputs.AddRange((await PatchBodiesAsync(url, world)).Select(b => ((string?)null, (FuzzBody?)b)));
            foreach (var (query, body) in inputs)
            {
                var target = query is null ? url : $"{url}?{query}";
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), target);
                if (body is not null) request.Content = new StringContent(body.Json, Encoding.UTF8, "application/json");
                if (caller is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Token);
                using var response = await app.Client.SendAsync(request);
                sent++;
                statuses.Add((int)response.StatusCode);
                if (!RouteAnswers.IsAcceptable(response))
                    failures.Add($"{route.Method} {target[..Math.Min(target.Length, 120)]} [{body?.Label ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests were mishandled:\n{string.Join("\n", failures.Take(40))}");

        // The world's ids must really open the owner's routes: a route that only ever said 404 was never fuzzed past its lookup.
        if (caller != world.Owner) return;
        var unreached = answered.Where(a => a.Value.All(s => s == 404)).Select(a => a.Key).ToList();
        Assert.True(unreached.Count == 0, $"Only 404 from: {string.Join(", ", unreached)}");
    }

    /// <summary>The bodies of the route's area on writes (none on GET and DELETE), each query on reads.</summary>
    private static IEnumerable<(string? Query, FuzzBody? Body)> Inputs(MappedRoute route, FuzzValues values)
    {
        if (route.Method is "GET")
        {
            yield return (null, null);
            foreach (var query in Queries) yield return (query, null);
            yield break;
        }
        if (route.Method is "DELETE" || route.Area is null)
        {
            yield return (null, null);
            yield break;
        }
        yield return (null, new FuzzBody("{}", "{}"));
        foreach (var type in FuzzBodies.RequestTypesOf(route.Area))
        foreach (var body in FuzzBodies.For(type, values))
            yield return (null, body);
    }

    /// <summary>
    /// A merge patch may name any member the resource has, so the members come from the resource itself (GET on the same
    /// URL): each one, alone, set to the edge values of its JSON kind and to values of the wrong kind.
    /// </summary>
    private async Task<IEnumerable<FuzzBody>> PatchBodiesAsync(string url, FuzzWorld world)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
        using var response = await app.Client.SendAsync(request);
        if (!response.IsSuccessStatusCode) return [];
        var resource = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return resource.Select(m => m.Key).Where(k => k != "id").SelectMany(member =>
            FuzzValues.JsonEdges(resource[member]).Select(edge => new FuzzBody($"patch {member} = {FuzzBodies.Describe(edge)}",
                new JsonObject { [member] = edge?.DeepClone() }.ToJsonString()))).ToList();
    }
}
