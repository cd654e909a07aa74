using System.Net.Http.Headers;
using System.Text;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Fowergram.Tests.Platform.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Jobs;

/// <summary>
/// Every scheduled job, on a database of its own with one of everything (<see cref="FuzzWorld"/>) and a clock moved
/// 40 days on so that each finds work (expired stories, deleted media past their grace, old feed entries …): run
/// twice at once while another account writes on the owner's things, then all of them together, then once more each.
/// Timers overlap in Azure (a run past its interval, two instances after a scale-out) and the Server host runs jobs
/// beside requests; no run may fail, and no request may get a 5xx.
/// </summary>
public sealed class JobConcurrencyTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    [Fact]
    public async Task Every_job_runs_twice_at_once_beside_writes_then_all_together_without_an_error()
    {
        var app = scratch.App;
        var world = await FuzzWorld.CreateAsync(app);
        var posts = new Features.Posts.PostsClient(app);
        (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{world.OtherPost}", world.Other)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(40));
        var other = posts.Media.WithFreshToken(world.Other);
        var values = new FuzzValues(world, app.Clock.GetUtcNow());
        var writes = RouteTable.Of(app.Services)
            .Where(r => r.Method is "PUT" or "POST" && !r.Template.StartsWith("/api/v1/users/me", StringComparison.Ordinal) &&
                        !r.Template.StartsWith("/api/v1/auth", StringComparison.Ordinal))
            .ToList();
        var jobs = app.Services.GetServices<IScheduledJob>().ToList();
        Assert.True(jobs.Count >= 10, $"Expected every job, found {jobs.Count}.");

        var failures = new List<string>();
        foreach (var job in jobs)
        {
            var requests = writes.Select(r => SendAsync(app, r, world.Fill(r), values, other)).ToList();
            var runs = new[] { RunAsync(job, app), RunAsync(job, app) };
            failures.AddRange((await Task.WhenAll(runs.Concat(requests))).OfType<string>());
        }
        failures.AddRange((await Task.WhenAll(jobs.Select(j => RunAsync(j, app)))).OfType<string>());
        foreach (var job in jobs) failures.AddRange(new[] { await RunAsync(job, app) }.OfType<string>());
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures.Distinct().Take(30))}");

        // The jobs had work and did it: the deleted post's media is purged, and the owner's stories expired 40 days ago
        // kept their media only where a highlight holds them.
        Assert.True(await posts.ScalarAsync<bool>("SELECT media_purged_at IS NOT NULL FROM posts WHERE id = @id", new { id = world.OtherPost }));
        Assert.Equal(0, await posts.ScalarAsync<long>("""
            SELECT count(*) FROM stories s WHERE s.user_id = @owner AND s.media_deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM highlight_stories h WHERE h.story_id = s.id)
            """, new { owner = world.Owner.Id }));
    }

    private static async Task<string?> RunAsync(IScheduledJob job, FowergramApp app)
    {
        try
        {
            await job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
            return null;
        }
        catch (Exception ex)
        {
            return $"job {job.Name}: {ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>The route's first plausible request (of its area's request types), or none; null when the answer is acceptable.</summary>
    private static async Task<string?> SendAsync(FowergramApp app, MappedRoute route, string url, FuzzValues values, TestUser user)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (route.Area is { } area && FuzzBodies.RequestTypesOf(area).FirstOrDefault() is { } type)
            request.Content = new StringContent(FuzzBodies.PlausibleOf(type, values).Json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var response = await app.Client.SendAsync(request);
        return RouteAnswers.IsAcceptable(response) ? null : $"{route.Method} {url} → {await RouteAnswers.DescribeAsync(response)}";
    }
}
