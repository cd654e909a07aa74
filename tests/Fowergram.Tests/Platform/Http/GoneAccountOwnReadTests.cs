using System.Net;
using System.Net.Http.Headers;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The reads of the caller's own data (every <c>GET /api/v1/users/me…</c> route of the host's table) answer a token whose
/// account is gone — deleted or deactivated since, the token still valid (docs/accounts.md "Sessions") — with the
/// account's 401, as the writes do (<see cref="GoneAccountWriteTests"/>) and the insights did first
/// (GoneOwnerInsightsTests): a gone account's token reads none of what the account keeps. Brought back, each is served again.
/// The few own reads outside <c>/users/me</c> are named (<see cref="OwnReadsElsewhere"/>).
/// Until 2026-12-07, 44 of the 64 answered such a token with the account's data.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoneAccountOwnReadTests(FowergramApp app)
{
    /// <summary>
    /// Reads a gone account may still make, and why: the lists behind the retreats from access that
    /// <see cref="GoneAccountWriteTests"/> allows (ending a session, forgetting a trusted device, removing a passkey), whose
    /// ids only these lists give.
    /// </summary>
    private static readonly Dictionary<string, string> AllowedWhenGone = new()
    {
        ["GET /api/v1/users/me/sessions"] = "names the sessions a gone account may still end",
        ["GET /api/v1/users/me/trusted-devices"] = "names the devices a gone account may still forget (a sign-in restores a deleted account in its grace)",
        ["GET /api/v1/users/me/passkeys"] = "names the passkeys a gone account may still remove (a passkey sign-in restores a deleted account in its grace)",
    };

    /// <summary>
    /// Reads outside <c>/users/me</c> that answer only the caller's own data, held to the same rule: an upload slot's status
    /// (docs/media.md promised the 401 for a gone account's token, and it answered 200 until session 53), the drafts list, and
    /// the inbox and its badge (which answered a gone account's token with its notices and unread count until session 54), and
    /// the named collections, their list and their posts (a 200 with the account's collections until 2026-12-07), and the
    /// lists made of the account's own follows, threads and broadcasts: its favourites' feed, conversations, their messages
    /// and searches, the story and note trays, followed reels and broadcasts, its own broadcasts (each a 200 with the
    /// account's data until session 54), and the home feed (its statements read nothing for a gone reader: FeedSql's mark).
    /// </summary>
    private static readonly HashSet<string> OwnReadsElsewhere =
    [
        "GET /api/v1/media/uploads/{id}",
        "GET /api/v1/videos/drafts",
        "GET /api/v1/notifications",
        "GET /api/v1/notifications/unread-count",
        "GET /api/v1/collections",
        "GET /api/v1/collections/{id}",
        "GET /api/v1/collections/{id}/posts",
        "GET /api/v1/feed",
        "GET /api/v1/feed/favorites",
        "GET /api/v1/conversations",
        "GET /api/v1/conversations/unread",
        "GET /api/v1/conversations/messages/search",
        "GET /api/v1/conversations/{id}/messages",
        "GET /api/v1/conversations/{id}/messages/search",
        "GET /api/v1/messages/{id}",
        "GET /api/v1/stories/tray",
        "GET /api/v1/reels/following",
        "GET /api/v1/live/following",
        "GET /api/v1/live/mine",
        "GET /api/v1/notes",
    ];

    /// <summary>A search must name what it looks for, or it is a 400 whoever asks.</summary>
    private static string UrlOf(FuzzWorld world, MappedRoute route) =>
        world.Fill(route) + (route.Template.EndsWith("/search", StringComparison.Ordinal) ? "?q=hello" : "");

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task No_own_read_route_serves_a_token_whose_account_is_gone(string gone, string back)
    {
        var world = await FuzzWorld.CreateAsync(app);
        var posts = new PostsClient(app);
        var routes = RouteTable.Of(app.Services)
            .Where(r => r.Method == "GET" && (r.Template == "/api/v1/users/me" || r.Template.StartsWith("/api/v1/users/me/", StringComparison.Ordinal)
                || OwnReadsElsewhere.Contains(r.Key)))
            .Where(r => !AllowedWhenGone.ContainsKey(r.Key))
            .ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} own read routes found");
        Assert.Empty(OwnReadsElsewhere.Except(routes.Select(r => r.Key)));
        await posts.ExecuteAsync(gone, new { id = world.Owner.Id });

        var served = new List<string>();
        foreach (var route in routes)
        {
            using var response = await GetAsync(world, UrlOf(world, route));
            if (response.StatusCode is not HttpStatusCode.Unauthorized || !RouteAnswers.IsAcceptable(response))
                served.Add($"{route.Key} {world.Fill(route)} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(served.Count == 0, $"{served.Count} of {routes.Count} own read routes did not answer a gone account's token with 401:\n{string.Join("\n", served)}");

        await posts.ExecuteAsync(back, new { id = world.Owner.Id });
        var refused = new List<string>();
        foreach (var route in routes)
        {
            using var response = await GetAsync(world, UrlOf(world, route));
            if (response.StatusCode is HttpStatusCode.Unauthorized) refused.Add($"{route.Key} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(refused.Count == 0, $"The account back, still refused:\n{string.Join("\n", refused)}");
    }

    /// <summary>
    /// The same for the profile lists asked for "me" (<c>GET /api/v1/users/me/reels</c>, posts, videos, series, products,
    /// reposts, followers, following, mutual followers: ProfileListOwner): the URL names the caller's own account, so a gone
    /// account's token gets the 401 of <c>/users/me</c>. Until session 53 it read the account's own reels, posts, videos, series
    /// and products, which nobody else could see any more; until 2026-12-07 the followers lists answered it 404. The routes
    /// are those that serve "me" to the live account.
    /// </summary>
    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id", "UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id", "UPDATE users SET is_active = true WHERE id = @id")]
    public async Task No_profile_list_asked_for_me_serves_a_token_whose_account_is_gone(string gone, string back)
    {
        var world = await FuzzWorld.CreateAsync(app);
        var posts = new PostsClient(app);
        var urls = new List<string>();
        foreach (var route in RouteTable.Of(app.Services).Where(r => r.Method == "GET"
                     && r.Template.StartsWith("/api/v1/users/{username}/", StringComparison.Ordinal)
                     && RouteTable.ParameterNames(r.Template).SequenceEqual(["username"])))
        {
            var url = route.Template.Replace("{username}", "me");
            using var response = await GetAsync(world, url);
            if (response.StatusCode is HttpStatusCode.OK) urls.Add(url);
        }
        Assert.True(urls.Count >= 8, $"only {urls.Count} profile lists serve me: {string.Join(", ", urls)}");
        Assert.Empty(new[] { "/api/v1/users/me/followers", "/api/v1/users/me/following", "/api/v1/users/me/followers/mutual" }.Except(urls));
        await posts.ExecuteAsync(gone, new { id = world.Owner.Id });

        var served = new List<string>();
        foreach (var url in urls)
        {
            using var response = await GetAsync(world, url);
            if (response.StatusCode is not HttpStatusCode.Unauthorized || !RouteAnswers.IsAcceptable(response))
                served.Add($"{url} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(served.Count == 0, $"{served.Count} of {urls.Count} profile lists asked for me did not answer a gone account's token with 401:\n{string.Join("\n", served)}");

        await posts.ExecuteAsync(back, new { id = world.Owner.Id });
        var refused = new List<string>();
        foreach (var url in urls)
        {
            using var response = await GetAsync(world, url);
            if (response.StatusCode is not HttpStatusCode.OK) refused.Add($"{url} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(refused.Count == 0, $"The account back, still refused:\n{string.Join("\n", refused)}");

        var guests = new List<string>();
        foreach (var url in urls) // a guest's "me" names nobody: the 401 of signing in, on every such list
        {
            using var response = await app.Client.GetAsync(url);
            if (response.StatusCode is not HttpStatusCode.Unauthorized) guests.Add($"{url} → {await RouteAnswers.DescribeAsync(response)}");
        }
        Assert.True(guests.Count == 0, $"Asked for me by a guest, not a 401:\n{string.Join("\n", guests)}");
    }

    private async Task<HttpResponseMessage> GetAsync(FuzzWorld world, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Owner.Token);
        return await app.Client.SendAsync(request);
    }
}
