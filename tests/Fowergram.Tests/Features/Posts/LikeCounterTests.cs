using Dapper;
using System.Text.Json;
using System.Net;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>Reliability checklist 1–4: exact like counts under concurrency, duplicates and reordering, and reconciliation.</summary>
[Collection(ApiCollection.Name)]
public sealed class LikeCounterTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private CounterReconciliationJob Reconciliation => app.Services.GetRequiredService<CounterReconciliationJob>();

    /// <summary>A fresh post and a fresh liker's like and unlike, committed with their events and not yet applied.</summary>
    private async Task<(Guid PostId, EngagementEvents Events, EventEnvelope Like, EventEnvelope Unlike)> LikedAndUnlikedAsync()
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var events = new EngagementEvents(app, _posts);
        var like = await events.LikeRowAsync(postId, author.Id, liker.Id);
        return (postId, events, like, await events.UnlikeRowAsync(postId, author.Id, liker.Id));
    }

    [Fact]
    public async Task Two_hundred_users_liking_at_once_make_exactly_two_hundred()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var likers = new List<Media.TestUser>();
        for (var i = 0; i < 200; i++) likers.Add(await _posts.NewUserAsync());

        var responses = await Task.WhenAll(likers.Select(u => _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", u)));
        await _posts.SettleAsync(postId);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(200L, await _posts.LikeRowsAsync(postId));
        Assert.Equal(200L, await _posts.LikeCountAsync(postId));
        var post = await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync();
        Assert.Equal(200, post.GetProperty("likeCount").GetInt32());
    }

    [Fact]
    public async Task One_user_liking_twenty_times_at_once_makes_one_like_and_one_event()
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", liker)));
        await _posts.SettleAsync(postId);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(1L, await _posts.LikeRowsAsync(postId));
        Assert.Equal(1L, await _posts.LikeCountAsync(postId));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.liked' AND payload->>'postId' = @key",
            new { key = postId.ToString() }));
        var isLiked = (await (await _posts.GetAsync($"/api/v1/posts/{postId}", liker)).ReadJsonAsync()).GetProperty("isLiked").GetBoolean();
        Assert.True(isLiked);
    }

    [Fact]
    public async Task Like_and_unlike_events_carry_the_author_the_liker_and_the_post_and_wake_the_relay()
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await using var listener = await _posts.Db.OpenConnectionAsync();
        await listener.ExecuteAsync($"LISTEN {Outbox.NotifyChannel}");

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", liker)).EnsureNoContentAsync();
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(5)), "no NOTIFY after a like");
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/like", liker)).EnsureNoContentAsync();
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(5)), "no NOTIFY after an unlike");
        await listener.ExecuteAsync("UNLISTEN *");

        var events = (await _posts.QueryAsync<(string Type, Guid? ActorId, string Payload)>(
            "SELECT type, actor_id, payload::text FROM outbox WHERE payload->>'postId' = @key AND type LIKE 'post.%liked' ORDER BY type", new { key = postId.ToString() })).ToList();
        Assert.Equal(["post.liked", "post.unliked"], events.Select(e => e.Type));
        Assert.All(events, e =>
        {
            Assert.Equal(liker.Id, e.ActorId);
            var payload = JsonDocument.Parse(e.Payload).RootElement;
            Assert.Equal(author.Id, payload.GetProperty("authorId").GetGuid());
            Assert.Equal(liker.Id, payload.GetProperty("userId").GetGuid());
            Assert.Equal(postId, payload.GetProperty("entityId").GetGuid());
            Assert.Equal("post", payload.GetProperty("entityType").GetString());
        });
    }

    [Fact]
    public async Task Mixed_like_unlike_storm_ends_with_stats_equal_to_rows_and_no_drift()
    {
        var author = await _posts.NewUserAsync();
        var postIds = new[] { await _posts.PostIdAsync(author), await _posts.PostIdAsync(author) };
        var users = new List<Media.TestUser>();
        for (var i = 0; i < 30; i++) users.Add(await _posts.NewUserAsync());
        var random = new Random(20240607);
        var requests = users.SelectMany(u => postIds.SelectMany(p => Enumerable.Range(0, 4).Select(_ =>
            (User: u, Path: $"/api/v1/posts/{p}/like", Method: random.Next(2) == 0 ? HttpMethod.Put : HttpMethod.Delete)))).ToList();

        var responses = await Task.WhenAll(requests.OrderBy(_ => random.Next()).Select(r => _posts.SendAsync(r.Method, r.Path, r.User)));
        await _posts.SettleAsync(postIds);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        foreach (var postId in postIds)
            Assert.Equal(await _posts.LikeRowsAsync(postId), await _posts.LikeCountAsync(postId));
        Assert.Equal(0, await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), postIds, CancellationToken.None));
    }

    [Fact]
    public async Task Reconciliation_fixes_a_drifted_counter_and_reports_it()
    {
        var author = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", author);
        await _posts.SettleAsync(postId);
        await _posts.ExecuteAsync("UPDATE post_stats SET like_count = 7, comment_count = 3 WHERE post_id = @postId", new { postId });

        var fixedCount = await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [postId], CancellationToken.None);
        var again = await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [postId], CancellationToken.None);

        Assert.Equal(2, fixedCount); // likes and comments
        Assert.Equal(0, again);
        Assert.Equal(1L, await _posts.LikeCountAsync(postId));
        Assert.Equal(0L, await _posts.CommentCountAsync(postId));
    }

    [Fact]
    public async Task Events_still_in_flight_are_not_drift()
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var events = new EngagementEvents(app, _posts);
        await events.LikeRowAsync(postId, author.Id, liker.Id); // committed, not yet applied

        var fixedCount = await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [postId], CancellationToken.None);

        Assert.Equal(0, fixedCount);
        Assert.Equal(0L, await _posts.LikeCountAsync(postId));
    }

    [Fact]
    public async Task Duplicate_deliveries_change_the_counter_and_notify_once()
    {
        var author = await _posts.NewUserAsync();
        var liker = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        var events = new EngagementEvents(app, _posts);
        var like = await events.LikeRowAsync(postId, author.Id, liker.Id);

        foreach (var consumer in new[] { PostCountersConsumer.ConsumerName, PostNotificationsConsumer.ConsumerName })
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => events.Runner.RunAsync(consumer, like, CancellationToken.None)));
            outcomes = [.. outcomes, await events.Runner.RunAsync(consumer, like, CancellationToken.None)];
            Assert.Equal(1, outcomes.Count(o => o == ConsumeOutcome.Applied));
        }

        Assert.Equal(1L, await _posts.LikeCountAsync(postId));
        Assert.Equal(1L, await events.NotificationsAsync(author.Id, "like", postId));
    }

    [Fact]
    public async Task An_unlike_that_overtakes_its_like_cancels_it_and_the_count_never_goes_below_zero()
    {
        var (postId, events, like, unlike) = await LikedAndUnlikedAsync();

        Assert.Equal(ConsumeOutcome.Applied, await events.Runner.RunAsync(PostCountersConsumer.ConsumerName, unlike, CancellationToken.None));
        var afterUnlike = await _posts.LikeCountAsync(postId);
        var likeOutcome = await events.Runner.RunAsync(PostCountersConsumer.ConsumerName, like, CancellationToken.None);

        Assert.Equal(0L, afterUnlike);
        Assert.Equal(ConsumeOutcome.AlreadyProcessed, likeOutcome); // claimed by the unlike
        Assert.Equal(0L, await _posts.LikeCountAsync(postId));
        Assert.Equal(0, await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [postId], CancellationToken.None));
    }

    /// <summary>The same overtaking inside one delivery batch (both hosts hand consumers batches: docs/events.md).</summary>
    [Fact]
    public async Task An_unlike_ahead_of_its_like_in_one_batch_cancels_it()
    {
        var (postId, events, like, unlike) = await LikedAndUnlikedAsync();

        var outcomes = await events.Runner.RunBatchAsync(PostCountersConsumer.ConsumerName, [unlike, like], null, CancellationToken.None);

        Assert.Equal([ConsumeOutcome.Applied, ConsumeOutcome.AlreadyProcessed], outcomes); // the like claimed by the unlike
        Assert.Equal(0L, await _posts.LikeCountAsync(postId));
        Assert.Equal(0, await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [postId], CancellationToken.None));
    }

    [Fact]
    public async Task Like_counts_hidden_by_the_author_are_absent_for_others_but_liking_still_works()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var postId = (await _posts.CreatePostAsync(author, likesDisabled: true)).GetProperty("id").GetGuid();

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", fan)).EnsureNoContentAsync();
        await _posts.SettleAsync(postId);

        var seenByFan = await (await _posts.GetAsync($"/api/v1/posts/{postId}", fan)).ReadJsonAsync();
        var seenByAuthor = await (await _posts.GetAsync($"/api/v1/posts/{postId}", author)).ReadJsonAsync();
        var grid = await (await _posts.GetAsync($"/api/v1/users/{author.Username}/posts", fan)).ReadJsonAsync();
        Assert.False(seenByFan.TryGetProperty("likeCount", out _));
        Assert.True(seenByFan.GetProperty("isLiked").GetBoolean());
        Assert.Equal(1, seenByAuthor.GetProperty("likeCount").GetInt32());
        Assert.False(grid.GetProperty("items")[0].TryGetProperty("likeCount", out _));
        Assert.Equal(fan.Id, (await (await _posts.GetAsync($"/api/v1/posts/{postId}/likers", fan)).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Unlike_is_idempotent_and_counts_down()
    {
        var author = await _posts.NewUserAsync();
        var fan = await _posts.NewUserAsync();
        var postId = await _posts.PostIdAsync(author);
        await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{postId}/like", fan);
        await _posts.SettleAsync(postId);

        var first = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/like", fan);
        var second = await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{postId}/like", fan);
        await _posts.SettleAsync(postId);

        await first.EnsureNoContentAsync();
        await second.EnsureNoContentAsync();
        Assert.Equal(0L, await _posts.LikeCountAsync(postId));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.unliked' AND payload->>'postId' = @key",
            new { key = postId.ToString() }));
    }
}
