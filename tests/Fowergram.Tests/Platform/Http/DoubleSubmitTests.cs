using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fowergram.Features.Posts;
using Fowergram.Features.Social;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// A double tap, or a retry racing its original: every PUT and DELETE of the host, found from its route table, sent
/// twice at once with the same body. A PUT names the state the client wants, so both answers must be the same (a 409 or
/// 404 for one copy tells the client its wish failed when it was granted); a DELETE's second copy may find its target
/// gone (404) but must not answer otherwise. The counters the writes move (likes, comments, followers, posts) end exact.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DoubleSubmitTests(FowergramApp app)
{
    [Fact]
    public async Task Every_put_and_delete_sent_twice_at_once_answers_alike_and_lands_once()
    {
        var world = await FuzzWorld.CreateAsync(app);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var routes = RouteAnswers.DeletesLast(RouteTable.Of(app.Services).Where(r => r.Method is "PUT" or "DELETE"));
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var url = world.Fill(route);
            var body = route.Method == "DELETE" || route.Area is null ? null
                : FuzzBodies.RequestTypesOf(route.Area).Select(t => FuzzBodies.PlausibleOf(t, values)).FirstOrDefault();
            // A toggle (a PUT with a DELETE on its path: save, like, follow …) is taken back first, so that the pair finds
            // it off and one copy's change is the other's "already so" — the race a double tap makes.
            if (route.Method == "PUT" && routes.Any(r => r.Method == "DELETE" && r.Template == route.Template))
                _ = await SendAsync(new MappedRoute("DELETE", route.Template), url, null, world.Owner);
            var answers = await Task.WhenAll(SendAsync(route, url, body, world.Owner), SendAsync(route, url, body, world.Owner));
            var (a, b) = ((int)answers[0].Status, (int)answers[1].Status);
            var alike = a == b || (route.Method == "DELETE" && a < 300 != b < 300 && (a == 404 || b == 404));
            if (!alike || answers.Any(x => !x.Acceptable))
                failures.Add($"{route.Method} {url} → {answers[0].Description} | {answers[1].Description}");
        }
        await app.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(60));

        var now = app.Clock.GetUtcNow();
        var users = new[] { world.Owner.Id, world.Other.Id, world.Stranger.Id, world.Decliner.Id };
        var postsFixed = await app.Services.GetRequiredService<CounterReconciliationJob>().ReconcileAsync(now, [world.Post, world.OtherPost], default);
        var usersFixed = await app.Services.GetRequiredService<UserStatsReconciliationJob>().ReconcileAsync(now, users, default);
        Assert.True(failures.Count == 0, $"{failures.Count} double submits answered unlike:\n{string.Join("\n", failures)}");
        Assert.Equal((0, 0), (postsFixed, usersFixed));
    }

    private async Task<(HttpStatusCode Status, bool Acceptable, string Description)> SendAsync(MappedRoute route, string url, FuzzBody? body, TestUser user)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (body is not null) request.Content = new StringContent(body.Json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var response = await app.Client.SendAsync(request);
        return (response.StatusCode, RouteAnswers.IsAcceptable(response), await RouteAnswers.DescribeAsync(response));
    }
}
