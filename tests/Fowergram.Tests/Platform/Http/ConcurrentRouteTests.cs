using System.Net.Http.Headers;
using System.Text;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Races on the caller's real targets (<see cref="FuzzWorld"/>): the same plausible request of every write route eight
/// times at once; every PUT interleaved with its DELETE (like and unlike, follow and unfollow …); every write on one
/// target together; each delete raced by every write on its target; another account's writes racing the owner's block
/// and privacy switch. Races end in a unique violation, a deadlock or a foreign key failure where a route does not
/// expect them; whatever the interleaving, each answer must be a success or a 4xx problem+json, never a 5xx (a 503 for
/// a deadlock included: the deadlock is the bug). Each race this found has a focused test of its own beside its feature.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConcurrentRouteTests(FowergramApp app)
{
    private const int AtOnce = 8;

    [Fact]
    public async Task No_write_route_answers_concurrent_requests_with_a_server_error()
    {
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var routes = RouteAnswers.DeletesLast(RouteTable.Of(app.Services).Where(r => r.Method != "GET"));
        var race = new Race();

        // Toggles first, while every target still exists.
        foreach (var put in routes.Where(r => r.Method == "PUT"))
        {
            if (routes.FirstOrDefault(r => r.Method == "DELETE" && r.Template == put.Template) is not { } delete) continue;
            var url = world.Fill(put);
            foreach (var body in Bodies(put, values))
            for (var round = 0; round < 3; round++)
            {
                var sends = Enumerable.Range(0, AtOnce).Select(i => SendAsync(i % 2 == 0 ? put : delete, url, i % 2 == 0 ? body : null, world.Owner));
                await race.RunAsync(sends);
            }
        }

        foreach (var route in routes)
        {
            var url = world.Fill(route);
            foreach (var body in Bodies(route, values))
            {
                await race.RunAsync(Enumerable.Range(0, AtOnce).Select(_ => SendAsync(route, url, body, world.Owner)));
            }
        }
        race.AssertClean("concurrent requests were mishandled");
    }

    [Fact]
    public async Task Writes_racing_a_delete_of_their_target_never_answer_with_a_server_error()
    {
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var routes = RouteTable.Of(app.Services);
        var race = new Race();
        // The most specific first, so that a comment is deleted before its post and each delete finds its target.
        foreach (var delete in routes.Where(r => r.Method == "DELETE").OrderByDescending(r => r.Template.Length))
        {
            // Every write on the target or below it (the post's PATCH, like, save, comments …), by the owner and by another account.
            // Deletes below it too (unlike, unsave, a comment's deletion), which run again once the target is gone.
            var racers = routes.Where(r => r.Method != "GET" &&
                                           (r.Template == delete.Template ? r.Method != "DELETE" : r.Template.StartsWith(delete.Template + "/", StringComparison.Ordinal)));
            var deletion = SendAsync(delete, world.Fill(delete), null, world.Owner); // started first, as a client's delete would be
            await race.RunAsync(Writes(racers, world, values, world.Owner, world.Other).Prepend(deletion));
        }
        race.AssertClean("racing requests were mishandled");
    }

    [Fact]
    public async Task Every_write_on_one_target_at_once_never_answers_with_a_server_error()
    {
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var race = new Race();
        // Everything that writes on one target (a post: edit, archive and unarchive, like, save, comment, tag …), except
        // deleting the target itself, all at once from the owner and another account, three times over.
        var groups = RouteTable.Of(app.Services)
            .Where(r => r.Method != "GET" && TargetOf(r.Template) is { } target && (r.Method != "DELETE" || r.Template != target))
            .GroupBy(r => TargetOf(r.Template)!).Where(g => g.Count() > 1);
        foreach (var group in groups)
        for (var round = 0; round < 3; round++)
        {
            await race.RunAsync(Writes(group, world, values, world.Owner, world.Other));
        }
        race.AssertClean("simultaneous writes were mishandled");
    }

    [Fact]
    public async Task Writes_racing_a_block_or_a_privacy_switch_never_answer_with_a_server_error()
    {
        // Another account writes on everything the owner has (likes, comments, saves, follows, messages, votes …) while the
        // owner blocks and unblocks it and turns private and public: each write must land before the change or be refused.
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var writes = RouteTable.Of(app.Services)
            .Where(r => r.Method != "GET" && !r.Template.StartsWith("/api/v1/users/me", StringComparison.Ordinal) && !r.Template.StartsWith("/api/v1/auth", StringComparison.Ordinal) &&
                        (r.Method != "DELETE" || TargetOf(r.Template) != r.Template))
            .ToList();
        var block = $"/api/v1/users/{world.Other.Username}/block";
        var race = new Race();
        for (var round = 0; round < 4; round++)
        {
            var sends = new List<Task<string?>>
            {
                SendAsync(new MappedRoute(round % 2 == 0 ? "PUT" : "DELETE", block), block, null, world.Owner),
                SendAsync(new MappedRoute("PATCH", "/api/v1/users/me"), "/api/v1/users/me", new FuzzBody("private", $$"""{"isPrivate":{{(round % 2 == 0 ? "true" : "false")}}}"""), world.Owner),
            };
            sends.AddRange(Writes(writes, world, values, world.Other));
            await race.RunAsync(sends);
        }
        race.AssertClean("writes racing a block were mishandled");
    }

    /// <summary>Each route's plausible requests (<see cref="Bodies"/>) by each of <paramref name="users"/>, started together.</summary>
    private IEnumerable<Task<string?>> Writes(IEnumerable<MappedRoute> routes, FuzzWorld world, FuzzValues values, params TestUser[] users) =>
        (from route in routes from body in Bodies(route, values) from user in users select SendAsync(route, world.Fill(route), body, user)).ToList();

    /// <summary>The answers of a race's requests, collected over its rounds.</summary>
    private sealed class Race
    {
        private readonly List<string> _failures = [];
        private int _sent;

        public async Task RunAsync(IEnumerable<Task<string?>> sends)
        {
            var answers = await Task.WhenAll(sends);
            _sent += answers.Length;
            _failures.AddRange(answers.OfType<string>());
        }

        public void AssertClean(string what) =>
            Assert.True(_failures.Count == 0, $"{_failures.Count} of {_sent} {what}:\n{string.Join("\n", _failures.Distinct().Take(40))}");
    }

    /// <summary>The template up to its first parameter (<c>/api/v1/posts/{id}</c>), or null for a route on no target.</summary>
    private static string? TargetOf(string template)
    {
        var end = template.IndexOf('}');
        return end < 0 ? null : template[..(end + 1)];
    }

    /// <summary>The plausible request of each request type of the route's area; DELETE and routes outside an area send none.</summary>
    private static IEnumerable<FuzzBody?> Bodies(MappedRoute route, FuzzValues values)
    {
        var types = route.Method == "DELETE" || route.Area is null ? [] : FuzzBodies.RequestTypesOf(route.Area);
        return types.Count == 0 ? [null] : types.Select(t => (FuzzBody?)FuzzBodies.PlausibleOf(t, values));
    }

    /// <summary>Null when the answer is acceptable, else what went wrong.</summary>
    private async Task<string?> SendAsync(MappedRoute route, string url, FuzzBody? body, TestUser user)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (body is not null) request.Content = new StringContent(body.Json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var response = await app.Client.SendAsync(request);
        return RouteAnswers.IsAcceptable(response) ? null
            : $"{route.Method} {url} [{body?.Label ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}";
    }
}
