using System.Net;
using System.Text.Json;
using Fowergram.Features.Comments;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>
/// A comment a moderator removed comes back when its appeal is reversed, with comment.restored for it and each reply its
/// removal took (docs/moderation.md, <c>CommentReinstatement</c>), an increment of the post's counters as comment.created is
/// (docs/posts.md "Exact counters"), so while in flight it is subtracted by counter-reconciliation. The removal here is a moderator's; its reversal is written as the
/// reinstatement writes it, its events published to nobody (as <see cref="EngagementEvents"/> does), so that no host's
/// background dispatcher applies them before the test says.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CommentRestoreCounterTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private CounterReconciliationJob Reconciliation => app.Services.GetRequiredService<CounterReconciliationJob>();

    private ConsumerRunner Runner => app.Services.GetRequiredService<ConsumerRunner>();

    private async Task<Guid> CommentAsync(TestUser user, Guid post, string content, Guid? parentId) =>
        (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Reported and taken down by a moderator (with its replies); its events applied.</summary>
    private async Task TakeDownAsync(Guid comment, Guid post)
    {
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = "comment", targetId = comment, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await _posts.ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        await _posts.SettleAsync(post);
        Assert.Equal(0L, await _posts.CommentCountAsync(post));
    }

    /// <summary>
    /// The comments back as a reversed removal brings them back, each with its comment.restored (no actor), committed and not
    /// yet applied by post-counters.
    /// </summary>
    private async Task<List<EventEnvelope>> RestoredInFlightAsync(Guid post, Guid postAuthor, params (Guid Id, Guid Writer, Guid? Parent)[] comments)
    {
        var events = new List<EventEnvelope>();
        foreach (var (id, writer, parent) in comments)
        {
            await _posts.ExecuteAsync("UPDATE comments SET deleted_at = NULL WHERE id = @id", new { id });
            var json = JsonSerializer.Serialize(new CommentEvent(id, post, postAuthor, writer, parent, null, "comment", id), ApiJson.Options);
            var (eventId, occurredAt) = (Guid.CreateVersion7(), app.Clock.GetUtcNow());
            await _posts.ExecuteAsync("""
                INSERT INTO outbox (id, type, actor_id, payload, occurred_at, published_at)
                VALUES (@eventId, 'comment.restored', NULL, @json::jsonb, @occurredAt, @occurredAt)
                """, new { eventId, json, occurredAt });
            events.Add(new EventEnvelope(eventId, "comment.restored", null, JsonDocument.Parse(json).RootElement.Clone(), occurredAt));
        }
        return events;
    }

    private async Task DeliverAsync(IEnumerable<EventEnvelope> events)
    {
        foreach (var envelope in events) await Runner.RunAsync(PostCountersConsumer.ConsumerName, envelope, CancellationToken.None);
    }

    [Fact]
    public async Task A_reversed_removal_whose_events_are_in_flight_is_not_drift_and_the_comments_are_counted_once()
    {
        var (author, writer, replier) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var comment = await CommentAsync(writer, post, "you are wrong", null);
        var reply = await CommentAsync(replier, post, "agreed", comment);
        await _posts.SettleAsync(post);
        Assert.Equal(2L, await _posts.CommentCountAsync(post));
        await TakeDownAsync(comment, post);
        var restored = await RestoredInFlightAsync(post, author.Id, (comment, writer.Id, null), (reply, replier.Id, comment));

        Assert.Equal(0, await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [post], CancellationToken.None));
        await DeliverAsync(restored);

        await _posts.SettleAsync(post);
        Assert.Equal(2L, await _posts.CommentCountAsync(post));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT reply_count FROM comment_stats WHERE comment_id = @comment", new { comment }));
        Assert.Equal(0, await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [post], CancellationToken.None));
    }

    [Fact]
    public async Task A_restored_comment_deleted_again_before_its_restore_is_applied_is_counted_out_whichever_event_comes_first()
    {
        var (author, writer) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var comment = await CommentAsync(writer, post, "you are wrong", null);
        await _posts.SettleAsync(post);
        await TakeDownAsync(comment, post);
        var restored = await RestoredInFlightAsync(post, author.Id, (comment, writer.Id, null));
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{post}/comments/{comment}", writer)).EnsureNoContentAsync();

        // post-counters is handed the writer's deletion first (a no-op if a host's dispatcher applied it already), then the restore.
        var deleted = (await _posts.QueryAsync<(Guid Id, string Payload, DateTimeOffset OccurredAt)>(
            "SELECT id, payload::text, occurred_at FROM outbox WHERE type = 'comment.deleted' AND payload->>'commentId' = @key AND actor_id = @writer",
            new { key = comment.ToString(), writer = writer.Id })).Single();
        await DeliverAsync([new EventEnvelope(deleted.Id, "comment.deleted", writer.Id, JsonDocument.Parse(deleted.Payload).RootElement.Clone(),
            deleted.OccurredAt), .. restored]);
        await _posts.SettleAsync(post);

        Assert.Equal(0L, await _posts.CommentCountAsync(post));
        Assert.Equal(0, await Reconciliation.ReconcileAsync(app.Clock.GetUtcNow(), [post], CancellationToken.None));
    }
}
