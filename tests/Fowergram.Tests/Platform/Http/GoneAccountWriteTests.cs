using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Access tokens outlive accounts: a token naming no session (operators' tools), or one used before the instance reads the
/// ended sessions, is still accepted after its account was deleted or deactivated. So every write route must refuse a caller
/// whose account is gone by itself (docs/accounts.md, "Sessions"). Each write route of the host's table is called once, by
/// the owner of <see cref="FuzzWorld"/> on its own real targets with a valid body, after the owner's row was made gone by
/// SQL (the token stays valid): nothing may succeed, and nothing may be a 5xx. A refusal other than the 401 may be the walk's
/// own (an earlier write left the target so); such routes are called again with the account back, and must then be served,
/// or be listed as routes the walk cannot judge, with the reason.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneAccountWriteTests(FowergramApp app)
{
    /// <summary>
    /// Writes a gone account may still make, and why: retreats from access (ending sessions, forgetting trusted devices,
    /// removing passkeys), which take a way in away and add or change nothing anyone sees. Open routes (login, refresh, logout, appeals, restoring
    /// by logging in) never read a token and are not walked; deleting the account again is already a 401 (docs/accounts.md).
    /// </summary>
    private static readonly Dictionary<string, string> AllowedWhenGone = new()
    {
        // Retreats from access: they take a way in away and add nothing anyone sees (docs/accounts.md "Sessions").
        ["DELETE /api/v1/users/me/sessions"] = "ending sessions only takes access away; a deletion or suspension ended them already",
        ["DELETE /api/v1/users/me/sessions/{id}"] = "ending a session only takes access away; a deletion or suspension ended it already",
        ["DELETE /api/v1/users/me/trusted-devices"] = "a sign-in restores a deleted account in its grace: forgetting devices takes that way in away",
        ["DELETE /api/v1/users/me/trusted-devices/{id}"] = "a sign-in restores a deleted account in its grace: forgetting a device takes that way in away",
        ["DELETE /api/v1/users/me/passkeys/{id}"] = "a passkey sign-in restores a deleted account in its grace: removing a key takes that way in away",
    };

    /// <summary>
    /// Routes the walk cannot judge: refused gone and refused again once the account is back, for a reason of the walk's own
    /// (a plausible body their validation refuses, a target in the wrong state), so whether they serve a gone account is for
    /// their areas' own tests. Each is listed with that reason; a route that starts to be judged fails the test until it
    /// leaves the list, and one that stops being judged fails it until it joins, with its reason.
    /// </summary>
    private static readonly Dictionary<string, string> NotJudged = new()
    {
        ["POST /api/v1/users/me/passkeys"] = PlausibleBodyRefused,
        ["POST /api/v1/stories/{id}/replies"] = "the walk's story is the owner's own, and no one replies to their own story; judged by GoneAccountStateTests",
    };

    private const string PlausibleBodyRefused = "the body built from its request type does not pass the route's own validation";

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task No_write_route_succeeds_for_a_token_whose_account_is_gone(string gone, string back)
    {
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var posts = new PostsClient(app);
        var bodies = BodiesByRoute(values);
        var routes = RouteAnswers.DeletesLast(RouteTable.Of(app.Services)
            .Where(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE" && !RouteAuthenticationTests.Open.ContainsKey(r.Key)));
        await posts.ExecuteAsync(gone, new { id = world.Owner.Id });

        var failures = new List<string>();
        var unclear = new List<MappedRoute>();
        foreach (var route in routes)
        {
            using var response = await SendAsync(world, route, bodies);
            var url = world.Fill(route);
            var body = bodies.GetValueOrDefault(route.Key);
            if (response.StatusCode is not HttpStatusCode.Unauthorized && !response.IsSuccessStatusCode) unclear.Add(route);
            if (!RouteAnswers.IsAcceptable(response))
                failures.Add($"{route.Method} {url} [{body ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}");
            else if (response.IsSuccessStatusCode && !AllowedWhenGone.ContainsKey(route.Key))
                failures.Add($"\"{route.Key}\" {url} [{body ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {routes.Count} write routes served a gone account or failed:\n{string.Join("\n", failures)}");

        // The refusals were the account's, not the token's: brought back, the same token is accepted again.
        await posts.ExecuteAsync(back, new { id = world.Owner.Id });
        Assert.Equal(HttpStatusCode.OK, (await posts.GetAsync("/api/v1/users/me", world.Owner)).StatusCode);

        // A refusal other than the 401 may be the walk's, not the account's: each such route is called again, the account
        // back, on the same targets (every earlier write was refused, so they are as the world made them). Served now, its
        // refusal was the account's.
        var notJudged = new Dictionary<string, string>();
        foreach (var route in unclear)
        {
            using var response = await SendAsync(world, route, bodies);
            if (!response.IsSuccessStatusCode) notJudged[route.Key] = await RouteAnswers.DescribeAsync(response);
        }
        var unlisted = notJudged.Where(r => !NotJudged.ContainsKey(r.Key)).Select(r => $"\"{r.Key}\" → {r.Value}").ToList();
        Assert.True(unlisted.Count == 0, $"Refused gone and back alike, so the walk cannot judge them; make it able to, or list them in {nameof(NotJudged)} with the reason:\n{string.Join("\n", unlisted)}");
        var judgedNow = NotJudged.Keys.Where(key => !notJudged.ContainsKey(key)).ToList();
        Assert.True(judgedNow.Count == 0, $"Judged now, so take them off {nameof(NotJudged)}:\n{string.Join("\n", judgedNow)}");
    }

    private async Task<HttpResponseMessage> SendAsync(FuzzWorld world, MappedRoute route, Dictionary<string, string> bodies)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), world.Fill(route));
        if (bodies.GetValueOrDefault(route.Key) is { } body) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
        return await app.Client.SendAsync(request);
    }

    /// <summary>Each write route's valid body, from its metadata: its request type built plausible, or a merge patch of its first member.</summary>
    private Dictionary<string, string> BodiesByRoute(FuzzValues values)
    {
        var bodies = new Dictionary<string, string>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var body = endpoint.Metadata.GetMetadata<JsonBodyMetadata>() is { } json ? FuzzBodies.PlausibleOf(json.Type, values).Json
                : endpoint.Metadata.GetMetadata<MergePatchMetadata>() is { } patch ? PatchOf(patch, values) : null;
            if (body is null) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                bodies[$"{method} {RouteParameters.Plain(endpoint.RoutePattern)}"] = body;
        }
        return bodies;
    }

    /// <summary>A merge patch setting the first member of a plain JSON kind to a plausible value.</summary>
    private static string? PatchOf(MergePatchMetadata patch, FuzzValues values)
    {
        foreach (var (name, type) in patch.Members)
        {
            Type? clr = type switch { "string" => typeof(string), "boolean" => typeof(bool), "integer" => typeof(int), "number" => typeof(double), _ => null };
            if (clr is not null) return new JsonObject { [name] = values.Plausible(clr, name, null) }.ToJsonString();
        }
        return "{}";
    }
}
