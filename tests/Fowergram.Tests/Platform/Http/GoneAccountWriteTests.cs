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
/// SQL (the token stays valid): nothing may succeed, and nothing may be a 5xx.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneAccountWriteTests(FowergramApp app)
{
    /// <summary>
    /// Writes a gone account may still make, and why: none so far. Open routes (login, refresh, logout, appeals, restoring
    /// by logging in) never read a token and are not walked; deleting the account again is already a 401 (docs/accounts.md).
    /// </summary>
    private static readonly Dictionary<string, string> AllowedWhenGone = new();

    /// <summary>
    /// Known gaps, not exceptions: writes that still serve a gone account. Each is refused once its area re-checks the caller
    /// (<c>People.IsLiveAsync</c> in the write's transaction); the test then fails until the route is taken off this list.
    /// </summary>
    private static readonly HashSet<string> NotYetRefused =
    [
        // channels
        "PATCH /api/v1/channels/{id}",
        "POST /api/v1/channels/{id}/cohost/decline",
        "DELETE /api/v1/channels/{id}/cohosts/{username}",
        "POST /api/v1/channels/{id}/end",
        "POST /api/v1/channels/{id}/leave",
        "DELETE /api/v1/channels/{id}/members/{username}",
        "DELETE /api/v1/channels/{id}/messages/{messageId}",
        "DELETE /api/v1/channels/{id}/messages/{messageId}/pin",
        "DELETE /api/v1/channels/{id}/messages/{messageId}/reaction",
        "DELETE /api/v1/channels/{id}/removed-members/{username}",
        "DELETE /api/v1/channels/{id}/scheduled-messages/{scheduledId}",
        // collections
        "DELETE /api/v1/collections/{id}",
        "PATCH /api/v1/collections/{id}",
        "DELETE /api/v1/collections/{id}/posts/{postId}",
        // impressions
        "POST /api/v1/impressions",
        // live
        "DELETE /api/v1/live/{id}/comments/{commentId}",
        "POST /api/v1/live/{id}/comments/{commentId}/approve",
        "DELETE /api/v1/live/{id}/comments/{commentId}/pin",
        "PUT /api/v1/live/{id}/comments/{commentId}/pin",
        "POST /api/v1/live/{id}/end",
        "POST /api/v1/live/{id}/guest/decline",
        "POST /api/v1/live/{id}/guest/leave",
        "POST /api/v1/live/{id}/leave",
        "DELETE /api/v1/live/{id}/reminder",
        // notifications
        "POST /api/v1/notifications/read-all",
        "POST /api/v1/notifications/{id}/read",
        // posts
        "DELETE /api/v1/posts/{id}",
        "PATCH /api/v1/posts/{id}",
        "POST /api/v1/posts/{id}/archive",
        "DELETE /api/v1/posts/{id}/collaborators/{username}",
        "DELETE /api/v1/posts/{id}/comments/{commentId}",
        "POST /api/v1/posts/{id}/media/{mediaId}/restore",
        "DELETE /api/v1/posts/{id}/not-interested",
        "DELETE /api/v1/posts/{id}/pin",
        "DELETE /api/v1/posts/{id}/products/{productId}",
        "DELETE /api/v1/posts/{id}/repost",
        "DELETE /api/v1/posts/{id}/save",
        "DELETE /api/v1/posts/{id}/tags/me",
        "POST /api/v1/posts/{id}/unarchive",
        // products
        "DELETE /api/v1/products/{id}/wishlist",
        // reels
        "DELETE /api/v1/reels/{id}",
        "PATCH /api/v1/reels/{id}",
        "DELETE /api/v1/reels/{id}/not-interested",
        "DELETE /api/v1/reels/{id}/products/{productId}",
        "DELETE /api/v1/reels/{id}/repost",
        // stories
        "DELETE /api/v1/stories/{id}",
        // users/me
        "DELETE /api/v1/users/me/carousel-items/deleted/{mediaId}",
        "DELETE /api/v1/users/me/collab-invitations/{postId}",
        "POST /api/v1/users/me/collab-invitations/{postId}/accept",
        "DELETE /api/v1/users/me/hidden-words/{word}",
        "DELETE /api/v1/users/me/limits",
        "DELETE /api/v1/users/me/note",
        "DELETE /api/v1/users/me/passkeys/{id}",
        "PATCH /api/v1/users/me/passkeys/{id}",
        "DELETE /api/v1/users/me/push-subscriptions/{id}",
        "POST /api/v1/users/me/removals/{id}/appeal",
        "DELETE /api/v1/users/me/scheduled-posts/{id}",
        "DELETE /api/v1/users/me/scheduled-reels/{id}",
        "DELETE /api/v1/users/me/searches",
        "DELETE /api/v1/users/me/searches/{id}",
        "DELETE /api/v1/users/me/sessions",
        "DELETE /api/v1/users/me/sessions/{id}",
        "DELETE /api/v1/users/me/trusted-devices",
        "DELETE /api/v1/users/me/trusted-devices/{id}",
    ];

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
        var served = new HashSet<string>();
        foreach (var route in routes)
        {
            var url = world.Fill(route);
            var body = bodies.GetValueOrDefault(route.Key);
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
            using var response = await app.Client.SendAsync(request);
            if (response.IsSuccessStatusCode) served.Add(route.Key);
            if (!RouteAnswers.IsAcceptable(response))
                failures.Add($"{route.Method} {url} [{body ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}");
            else if (response.IsSuccessStatusCode && !AllowedWhenGone.ContainsKey(route.Key) && !NotYetRefused.Contains(route.Key))
                failures.Add($"\"{route.Key}\" {url} [{body ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {routes.Count} write routes served a gone account or failed:\n{string.Join("\n", failures)}");
        var refusedNow = NotYetRefused.Where(key => !served.Contains(key)).ToList();
        Assert.True(refusedNow.Count == 0, $"Refused now, so take them off {nameof(NotYetRefused)}:\n{string.Join("\n", refusedNow)}");

        // The refusals were the account's, not the token's: brought back, the same token is accepted again.
        await posts.ExecuteAsync(back, new { id = world.Owner.Id });
        Assert.Equal(HttpStatusCode.OK, (await posts.GetAsync("/api/v1/users/me", world.Owner)).StatusCode);
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
