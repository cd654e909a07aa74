using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// Every moderator-only route (the host's whole <c>/api/v1/moderation/</c> table) checks who asks before it reads anything
/// the caller sent: a non-moderator gets the 403 whatever the body or query, so a refusal never teaches the route's body
/// shape or paging rules (docs/moderation.md "Routes"). Before 2026-12-07 a malformed body to resolve was a 400 first.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ModeratorGateTests(FowergramApp app)
{
    /// <summary>What a non-moderator might send: a body that is no JSON, JSON of the wrong shape, no JSON type, bad paging.</summary>
    private static readonly (string Label, string? Query, string? Body, string ContentType)[] Inputs =
    [
        ("malformed JSON", null, "{\"outcome\":", "application/json"),
        ("JSON of the wrong shape", null, "[1,2,3]", "application/json"),
        ("an unknown member's type", null, "{\"outcome\":5,\"remove\":\"yes\",\"days\":\"x\"}", "application/json"),
        ("text/plain", null, "hello", "text/plain"),
        ("bad paging", "limit=-1&cursor=AAAA", null, "application/json"),
    ];

    [Fact]
    public async Task A_non_moderator_gets_403_from_every_moderator_route_whatever_it_sends()
    {
        var someone = await new PostsClient(app).NewUserAsync();
        var routes = RouteTable.Of(app.Services).Where(r => r.Template.StartsWith("/api/v1/moderation/", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        foreach (var route in routes)
        foreach (var (label, query, body, contentType) in Inputs)
        {
            var url = route.Fill(route.Template.Contains("{username}", StringComparison.Ordinal) ? someone.Username : Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), query is null ? url : $"{url}?{query}");
            if (body is not null && route.Method != "GET") request.Content = new StringContent(body, Encoding.UTF8, contentType);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", someone.Token);
            using var response = await app.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{route.Key} [{label}] → {(int)response.StatusCode}");
        }
        Assert.True(routes.Count >= 14, $"Only {routes.Count} moderation routes found.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
