using System.Net;
using System.Text;
using Fowergram.Platform.Auth;
using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The bearer token, route by route, from the Server host's route table (so a new route is covered the day
/// it is mapped): a route is either open (it never looks at the token), for guests and members (no token
/// reads as a guest, a bad one is refused) or for members only (no token or a bad one is refused). Both
/// lists below are the deliberate exceptions; every other route must answer 401 without a valid token.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RouteAuthenticationTests(FowergramApp app)
{
    /// <summary>Routes that never read a bearer token, and why.</summary>
    internal static readonly Dictionary<string, string> Open = new()
    {
        ["GET /api/health"] = "liveness probe",
        ["GET /api/v1/openapi.json"] = "the API document, read before signing in",
        ["POST /api/v1/auth/register"] = "signing up",
        ["POST /api/v1/auth/login"] = "signing in",
        ["POST /api/v1/auth/passkeys/options"] = "signing in with a passkey: the challenge comes first",
        ["POST /api/v1/auth/passkeys/login"] = "signing in, authorised by the passkey's signature over a stored challenge",
        ["POST /api/v1/auth/appeals"] = "a suspended account has no session: authorised by its password in the body",
        ["POST /api/v1/auth/refresh"] = "authorised by the refresh token in the body (a client may still send its expired access token)",
        ["POST /api/v1/auth/logout"] = "authorised by the refresh token in the body",
        ["POST /api/v1/auth/password/forgot"] = "a guest who lost the password",
        ["POST /api/v1/auth/password/reset"] = "authorised by the mailed reset token",
        ["POST /api/v1/auth/email/verify"] = "authorised by the mailed verification token",
        ["POST /api/v1/auth/email/revert"] = "authorised by the token mailed to the old address (the account may be in someone else's hands)",
        ["POST /api/v1/auth/two-factor/revert"] = "authorised by the token mailed when two-factor was turned on (its codes may be in someone else's hands)",
        ["GET /api/v1/hashtags/trending"] = "public, the same for everyone",
        ["GET /api/v1/music/tracks"] = "public catalogue",
        ["GET /api/v1/music/trending"] = "public, the same for everyone",
        ["GET /api/v1/push/key"] = "public: the server's Web Push (VAPID) key, the same for everyone",
        ["GET /media/{**objectName}"] = "authorised by the URL's signature (local media store)",
        ["HEAD /media/{**objectName}"] = "authorised by the URL's signature (local media store)",
        ["PUT /media/{**objectName}"] = "authorised by the URL's signature (local media store)",
    };

    /// <summary>Routes a guest may read and a member sees more of (or less: blocks). A token, when sent, must be valid.</summary>
    internal static readonly HashSet<string> GuestOrMember =
    [
        "GET /api/v1/users/search",
        "GET /api/v1/search",
        "GET /api/v1/hashtags/search", // a tag only accounts hidden from the caller used is not suggested
        "GET /api/v1/locations/search", // nor a place, counted from what the caller may see
        "GET /api/v1/search/posts",
        "GET /api/v1/search/reels",
        "GET /api/v1/search/videos",
        "GET /api/v1/search/products",
        "GET /api/v1/users/{username}",
        "GET /api/v1/users/{username}/about",
        "GET /api/v1/users/{username}/followers",
        "GET /api/v1/users/{username}/following",
        "GET /api/v1/users/{username}/posts",
        "GET /api/v1/users/{username}/tagged",
        "GET /api/v1/posts/{id}",
        "GET /api/v1/posts/{id}/comments",
        "GET /api/v1/posts/{id}/comments/{commentId}/replies",
        "GET /api/v1/posts/{id}/likers",
        "GET /api/v1/posts/{id}/reposts",
        "GET /api/v1/users/{username}/reposts",
        "GET /api/v1/reels/{id}/reposts",
        "GET /api/v1/users/{username}/reposts/reels",
        "GET /api/v1/hashtags/{name}",
        "GET /api/v1/hashtags/{name}/reels",
        "GET /api/v1/avatars/{id}",
        "GET /api/v1/locations/posts",
        "GET /api/v1/locations/reels",
        "GET /api/v1/products/{id}",
        "GET /api/v1/users/{username}/products",
        "GET /api/v1/posts/{id}/products",
        "GET /api/v1/products/{id}/posts",
        "GET /api/v1/products/{id}/reels",
        "GET /api/v1/reels/{id}/products",
        "GET /api/v1/reels/trending",
        "GET /api/v1/live/popular",
        "GET /api/v1/reels/{id}",
        "GET /api/v1/reels/{id}/likers",
        "GET /api/v1/reels/{id}/remixes",
        "GET /api/v1/reels/{id}/comments",
        "GET /api/v1/reels/{id}/comments/{commentId}/replies",
        "GET /api/v1/users/{username}/reels",
        "GET /api/v1/audio/{id}/reels",
        "GET /api/v1/videos/{id}",
        "GET /api/v1/videos/{id}/likers",
        "GET /api/v1/videos/{id}/comments",
        "GET /api/v1/videos/{id}/comments/{commentId}/replies",
        "GET /api/v1/users/{username}/videos",
        "GET /api/v1/series/{id}",
        "GET /api/v1/users/{username}/series",
        "GET /api/v1/live/{id}",
        "GET /api/v1/live/{id}/comments",
        "GET /api/v1/live/{id}/guests",
        "GET /api/v1/posts/{id}/collaborators",
    ];

    [Fact]
    public void The_exceptions_name_routes_that_exist()
    {
        var routes = Routes().Select(r => r.Key).ToHashSet();
        var stale = Open.Keys.Concat(GuestOrMember).Except(routes).ToList();
        Assert.True(stale.Count == 0, "Not mapped: " + string.Join(", ", stale));
        Assert.Empty(Open.Keys.Intersect(GuestOrMember));
    }

    [Fact]
    public async Task Member_routes_refuse_a_missing_or_invalid_token_with_a_bearer_challenge()
    {
        var failures = new List<string>();
        foreach (var route in Routes().Where(r => !Open.ContainsKey(r.Key) && !GuestOrMember.Contains(r.Key)))
        foreach (var (label, header) in BadCredentials().Prepend(("no token", null)))
        {
            using var response = await SendAsync(route, header);
            if (await UnauthorizedProblem(response) is { } wrong) failures.Add($"{route.Key} with {label}: {wrong}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Guest_readable_routes_read_as_a_guest_without_a_token_and_refuse_an_invalid_one()
    {
        var failures = new List<string>();
        foreach (var route in Routes().Where(r => GuestOrMember.Contains(r.Key)))
        {
            using (var guest = await SendAsync(route, null))
                if (guest.StatusCode == HttpStatusCode.Unauthorized) failures.Add($"{route.Key} refused a guest");
            foreach (var (label, header) in BadCredentials())
            {
                using var response = await SendAsync(route, header);
                if (await UnauthorizedProblem(response) is { } wrong) failures.Add($"{route.Key} with {label}: {wrong}");
                else if (!response.Headers.WwwAuthenticate.Single().ToString().Contains("error=\"invalid_token\"", StringComparison.Ordinal))
                    failures.Add($"{route.Key} with {label}: challenge without error=\"invalid_token\"");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_follower_with_an_expired_token_is_told_to_refresh_rather_shown_the_guest_view()
    {
        var world = new SocialWorld(app);
        var (owner, follower) = (await world.UserAsync(isPrivate: true), await world.UserAsync());
        await world.FollowApprovedAsync(follower, owner);
        var url = $"/api/v1/users/{owner.Username}/followers";
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(url, follower.Token)).StatusCode);
        await (await app.Client.GetAsync(url, (string?)null)).AssertProblemAsync(HttpStatusCode.NotFound); // a guest may not see it

        var expired = await app.Client.GetAsync(url, ExpiredToken(follower.Id, follower.Username));
        await expired.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("error=\"invalid_token\"", expired.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task Open_routes_ignore_a_stale_access_token()
    {
        // A client refreshing with its expired access token still attached must not be locked out.
        var account = await app.Client.RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh")
        {
            Content = new StringContent($$"""{"refreshToken":"{{account.RefreshToken}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", ExpiredToken(account.Id, account.Username));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
    }

    private IEnumerable<(string Label, string? Header)> BadCredentials()
    {
        var valid = app.Services.GetRequiredService<AccessTokens>().Issue(Guid.CreateVersion7(), "someone").Token;
        var parts = valid.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";
        const string algNone = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIwMTkzMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJuYW1lIjoiYWRhIn0.";
        return
        [
            ("garbage", "Bearer garbage"),
            ("alg none", "Bearer " + algNone),
            ("tampered signature", "Bearer " + tampered),
            ("expired", "Bearer " + ExpiredToken(Guid.CreateVersion7(), "someone")),
            ("another scheme", "Basic " + Convert.ToBase64String("ada:secret"u8)),
        ];
    }

    /// <summary>A token signed with the app's key 20 minutes ago: past its 15-minute lifetime.</summary>
    private string ExpiredToken(Guid userId, string username)
    {
        var then = new TestClock(app.Clock.GetUtcNow() - TimeSpan.FromMinutes(20));
        return new AccessTokens(app.Services.GetRequiredService<IOptions<AuthOptions>>(), then).Issue(userId, username).Token;
    }

    private async Task<HttpResponseMessage> SendAsync(MappedRoute route, string? authorization)
    {
        // Ids that exist nowhere: a route that skipped the token check would answer 404 or 400, not 401.
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Fill(Guid.NewGuid().ToString("N")[..12]));
        if (route.Method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await app.Client.SendAsync(request);
    }

    /// <summary>Null when the answer is a 401 problem with a Bearer challenge, else what is wrong with it.</summary>
    private static async Task<string?> UnauthorizedProblem(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized) return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return "401 without problem+json";
        return response.Headers.WwwAuthenticate.SingleOrDefault()?.Scheme == "Bearer" ? null : "401 without a Bearer challenge";
    }

    private IReadOnlyList<MappedRoute> Routes() => RouteTable.Of(app.Services);
}
