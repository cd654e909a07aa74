using System.Net;
using System.Net.Http.Headers;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Every read that looks at a bearer token — the shared lists too (trending reels, search, suggestions, hashtag pages,
/// other accounts' profiles and posts), not only the account's own data (<see cref="GoneAccountOwnReadTests"/>) — answers a
/// token whose account is gone (deleted or deactivated since, the token still valid) with the account's 401, as Instagram
/// logs a deactivated account out everywhere. The walk is the host's whole table of GET routes but those that never read a
/// token (<see cref="RouteAuthenticationTests.Open"/>) and the three lists a gone account may still read
/// (<see cref="GoneAccountOwnReadTests"/>'s AllowedWhenGone), so a new route that forgets fails here.
/// Brought back, the account is served again. docs/accounts.md "Sessions".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneAccountSharedReadTests(FowergramApp app)
{
    private static readonly HashSet<string> AllowedWhenGone =
    [
        "GET /api/v1/users/me/sessions",
        "GET /api/v1/users/me/trusted-devices",
        "GET /api/v1/users/me/passkeys",
    ];

    /// <summary>Query values some reads require (a search term, a place), or they are a 400 whoever asks.</summary>
    private static string UrlOf(FuzzWorld world, MappedRoute route) => world.Fill(route) + QueryOf(route.Template);

    private static string QueryOf(string template) =>
        template.EndsWith("/search", StringComparison.Ordinal) || template == "/api/v1/search" || template.StartsWith("/api/v1/search/", StringComparison.Ordinal)
            ? "?q=hello"
        : template is "/api/v1/locations/posts" or "/api/v1/locations/reels" ? "?name=hello"
        : "";

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task No_read_that_looks_at_the_token_serves_one_whose_account_is_gone(string gone, string back)
    {
        var world = await FuzzWorld.CreateAsync(app);
        var posts = new PostsClient(app);
        var routes = RouteTable.Of(app.Services)
            .Where(r => r.Method == "GET" && r.Template.StartsWith("/api/v1/", StringComparison.Ordinal)
                && !RouteAuthenticationTests.Open.ContainsKey(r.Key) && !AllowedWhenGone.Contains(r.Key))
            .ToList();
        Assert.True(routes.Count > 150, $"only {routes.Count} read routes found");

        // Served to the live account first: a route that refuses it anyway judges nothing here.
        var judged = new List<MappedRoute>();
        foreach (var route in routes)
        {
            using var response = await GetAsync(world, UrlOf(world, route));
            if (response.StatusCode is not HttpStatusCode.Unauthorized) judged.Add(route);
        }
        await posts.ExecuteAsync(gone, new { id = world.Owner.Id });

        var served = new List<string>();
        foreach (var route in judged)
        {
            using var response = await GetAsync(world, UrlOf(world, route));
            var answered401 = response.StatusCode is HttpStatusCode.Unauthorized && RouteAnswers.IsAcceptable(response);
            if (!answered401)
                served.Add($"{route.Key} {UrlOf(world, route)} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(served.Count == 0, $"{served.Count} of {judged.Count} read routes did not answer a gone account's token with 401:\n{string.Join("\n", served)}");

        await posts.ExecuteAsync(back, new { id = world.Owner.Id });
        var refused = new List<string>();
        foreach (var route in judged)
        {
            using var response = await GetAsync(world, UrlOf(world, route));
            if (response.StatusCode is HttpStatusCode.Unauthorized) refused.Add($"{route.Key} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(refused.Count == 0, $"The account back, still refused:\n{string.Join("\n", refused)}");
    }

    private async Task<HttpResponseMessage> GetAsync(FuzzWorld world, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
        return await app.Client.SendAsync(request);
    }
}
