using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The members the API document marks required in a request body are the members the route refuses an empty object for:
/// each route with a JSON body, called by the owner of real things (<see cref="FuzzWorld"/>) with <c>{}</c>, answers a 400
/// naming every declared member, and names no other member of the body's type unless it is listed in
/// <see cref="Conditional"/> (needed only in some cases, so not required by the schema). Members the handler checks only
/// after another check passed are in <see cref="CheckedLater"/>: required, but not named for an empty object.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiRequiredMembersTests(FowergramApp app)
{
    /// <summary>Members an empty object is refused for that a valid body may still leave out.</summary>
    private static readonly Dictionary<string, string[]> Conditional = new()
    {
        // A message is text, a photo or video (uploadId), or a shared post or story: any one of them.
        ["POST /api/v1/conversations/{id}/messages"] = ["text"],
        ["POST /api/v1/channels/{id}/messages"] = ["text"],
        ["POST /api/v1/channels/{id}/scheduled-messages"] = ["text"],
        // A browser's subscription ({endpoint, keys}) or an app's fcmToken: the empty object is taken for a browser's.
        ["POST /api/v1/users/me/push-subscriptions"] = ["endpoint", "keys"],
        // The bell on a followed account: any subset of the four kinds, at least one.
        ["PUT /api/v1/users/{username}/notifications"] = ["posts", "stories", "reels", "videos"],
    };

    /// <summary>Required members checked only after another passed, so an empty object is refused for the other alone.</summary>
    private static readonly Dictionary<string, string[]> CheckedLater = new()
    {
        // The token is spent only by a strong password: the password is judged against the account the token names.
        ["POST /api/v1/auth/password/reset"] = ["newPassword"],
    };

    [Fact]
    public async Task An_empty_body_is_refused_for_exactly_the_members_the_document_marks_required()
    {
        var document = JsonNode.Parse(await app.Client.GetStringAsync("/api/v1/openapi.json"))!;
        var schemas = document["components"]!["schemas"]!;
        var world = await FuzzWorld.CreateAsync(app);
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            if (operation!["requestBody"]?["content"]?["application/json"]?["schema"] is not JsonObject { } schema ||
                (string?)schema["$ref"] is not { } reference)
                continue; // no body, or a merge patch (every member optional by definition)
            var key = $"{method.ToUpperInvariant()} {path}";
            var members = schemas[reference[(reference.LastIndexOf('/') + 1)..]]!["properties"]?.AsObject().Select(p => p.Key).ToHashSet() ?? [];
            var declared = (schema["required"]?.AsArray() ?? []).Select(n => (string)n!).Order(StringComparer.Ordinal).ToList();

            var (status, named) = await EmptyBodyAsync(method, world.Fill(new MappedRoute(method.ToUpperInvariant(), path)), world.Owner.Token);
            var refusedFor = named.Where(members.Contains).Except(Conditional.GetValueOrDefault(key, []))
                .Concat(CheckedLater.GetValueOrDefault(key, [])).Order(StringComparer.Ordinal).ToList();
            checkedRoutes++;
            if (!declared.SequenceEqual(refusedFor))
                failures.Add($"{key}: declared [{string.Join(", ", declared)}], an empty object answers {status} naming [{string.Join(", ", refusedFor)}]");
        }
        Assert.True(checkedRoutes >= 30, $"Only {checkedRoutes} routes with a JSON body were found.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The status of an empty object sent to the route, and the fields a 400 names.</summary>
    private async Task<(int Status, IReadOnlyList<string> Named)> EmptyBodyAsync(string method, string url, string token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.BadRequest) return ((int)response.StatusCode, []);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"]?.AsObject();
        return (400, errors?.Select(e => e.Key).ToList() ?? []);
    }
}
