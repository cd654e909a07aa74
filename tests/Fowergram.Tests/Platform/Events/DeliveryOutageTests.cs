using System.Net;
using Fowergram.Features.Posts;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Events;

/// <summary>
/// Reliability checklist item 24's outage, as close as this machine gets to a subscription set to <c>receiveDisabled</c>:
/// a host with no relay or dispatcher running, on a database no other host delivers from, takes a like/unlike storm while
/// nothing is received; five minutes later delivery resumes. Every write was answered meanwhile, nothing was applied or
/// lost, and afterwards the counters are the rows' true count, each liker was told once and nothing is left to deliver.
/// (The real Service Bus entity status cannot be toggled here: docs/reliability.md.)
/// </summary>
public sealed class DeliveryOutageTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private readonly PostsClient _posts = new(scratch.App);

    [Fact]
    public async Task A_storm_taken_while_no_consumer_receives_converges_exactly_once_delivery_resumes()
    {
        var app = scratch.App;
        var author = await _posts.NewUserAsync();
        var postIds = new[] { await _posts.PostIdAsync(author), await _posts.PostIdAsync(author) };
        await app.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(60));
        var users = new List<TestUser>();
        for (var i = 0; i < 20; i++) users.Add(await _posts.NewUserAsync());
        var random = new Random(20261207);
        var requests = users.SelectMany(u => postIds.SelectMany(p => Enumerable.Range(0, 3).Select(_ =>
            (User: u, Path: $"/api/v1/posts/{p}/like", Method: random.Next(3) == 0 ? HttpMethod.Delete : HttpMethod.Put)))).ToList();

        var responses = await Task.WhenAll(requests.OrderBy(_ => random.Next()).Select(r => _posts.SendAsync(r.Method, r.Path, r.User)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        foreach (var postId in postIds) Assert.Equal(0L, await _posts.LikeCountAsync(postId)); // nothing received yet
        Assert.True(await PendingAsync() > 0);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(0L, await PendingAsync());
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM dead_letters"));
        foreach (var postId in postIds)
        {
            Assert.Equal(await _posts.LikeRowsAsync(postId), await _posts.LikeCountAsync(postId));
            Assert.Equal(0L, await _posts.ScalarAsync<long>("""
                SELECT count(*) - count(DISTINCT actor_id) FROM notifications WHERE user_id = @author AND type = 'like' AND entity_id = @postId
                """, new { author = author.Id, postId }));
        }
        var reconciliation = app.Services.GetRequiredService<CounterReconciliationJob>();
        Assert.Equal(0, await reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), postIds, CancellationToken.None));
    }

    /// <summary>Events not yet published, and deliveries not yet completed.</summary>
    private Task<long> PendingAsync() => _posts.ScalarAsync<long>(
        "SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL) + (SELECT count(*) FROM event_deliveries)");
}
