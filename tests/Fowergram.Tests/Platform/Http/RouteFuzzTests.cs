using System.Net;
using System.Text;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Every route the Server host maps, walked with hostile input: ids that are not ids, malformed and
/// mistyped bodies, nonsense paging, with and without a token. Whatever a route does with it, the
/// answer is never a 5xx, and every 4xx is problem+json. New routes are covered automatically.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RouteFuzzTests(FowergramApp app)
{
    private static readonly string[] RouteValues =
        [Guid.NewGuid().ToString(), Guid.Empty.ToString(), "not-an-id", "-1", "99999999999999999999", "%2e%2e%2fetc", "\u202Egnp.exe",
         new string('x', 300), "me"];

    private static readonly (string ContentType, string Body)[] Bodies =
    [
        ("application/json", "{"),
        ("application/json", "null"),
        ("application/json", "[1,2,3]"),
        ("application/json", """{"id":{"$ne":1},"limit":-1,"name":12,"content":[],"option":"3","audience":"everyone"}"""),
        ("application/json", $$"""{"caption":"{{new string('#', 5000)}}","text":"\u0000","username":"ADMIN;--"}"""),
        ("text/plain", "hello"),
    ];

    [Fact]
    public async Task No_route_answers_hostile_input_with_a_server_error()
    {
        var account = await app.Client.RegisterAsync(TestAccounts.NewUsername("fuzz"));
        var failures = new List<string>();
        var routes = RouteTable.Of(app.Services);
        Assert.True(routes.Count > 80, $"Expected the whole route table, found {routes.Count} routes.");
        foreach (var route in routes)
        foreach (var value in RouteValues)
        foreach (var token in new[] { null, "not.a.token", account.AccessToken })
        {
            var url = route.Fill(Uri.EscapeDataString(value).Replace("%252e", "%2e")) + "?limit=abc&cursor=%%%";
            var bodies = route.Method is "POST" or "PUT" or "PATCH" ? Bodies : [("", "")];
            foreach (var (contentType, body) in bodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
                if (contentType.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, contentType);
                if (token is not null) request.Headers.Authorization = new("Bearer", token);
                using var response = await app.Client.SendAsync(request);
                if (!RouteAnswers.IsAcceptable(response))
                    failures.Add($"{route.Method} {url} [{(token is null ? "anonymous" : token == account.AccessToken ? "signed in" : "bad token")}, {contentType} {Trim(body)}] → {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} hostile requests were mishandled:\n{string.Join("\n", failures.Take(40))}");
    }

    private static string Trim(string body) => body.Length > 40 ? body[..40] + "…" : body;
}
