using Fowergram.Features.Notifications.Push;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>
/// A countdown_ended push stands alone and names its story, as the inbox item does (docs/social-graph.md "Notifications"):
/// its entity is the author, the actor, so "one type about one entity" folded every countdown a reader heard of in a run —
/// of one author or several — into one push under the newest one's title, and gave them one topic, so each replaced the
/// last on the phone.
/// </summary>
public sealed class CountdownPushTests
{
    private static readonly Guid Reader = Guid.NewGuid(), Subscription = Guid.NewGuid();
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static PushCandidate Notice(string type, Guid actor, string? message, Guid? story, int second) => new()
    {
        ItemId = Guid.NewGuid(), SubscriptionId = Subscription, UserId = Reader, Type = type, EntityType = "user", EntityId = actor,
        Message = message, StoryId = story, CreatedAt = At.AddSeconds(second), Seq = second, ActorId = actor, ActorUsername = $"u{second}",
    };

    [Fact]
    public void Countdown_pushes_are_never_folded_and_carry_their_story()
    {
        var queue = new NotificationPushQueue();
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var due = new[]
        {
            Notice("countdown_ended", ann, "Album drop", first, 1),
            Notice("countdown_ended", bob, "Tour starts", second, 2),
            Notice("countdown_ended", ann, "Encore", third, 3),
        };

        var bundles = queue.Bundles(due).ToList();

        Assert.Equal(3, bundles.Count);
        Assert.All(bundles, b => Assert.Null(b.Payload.Others));
        Assert.Equal(new[] { first, second, third }.Order(), bundles.Select(b => b.Payload.StoryId!.Value).Order());
        Assert.Contains(bundles, b => b.Payload.Text == "u2's countdown \"Tour starts\" has ended.");
        Assert.All(due, c => Assert.Null(queue.Topic(c)));
    }

    [Fact]
    public void Follows_still_fold_into_one_push_under_one_topic()
    {
        var queue = new NotificationPushQueue();
        var due = new[] { Notice("follow", Guid.NewGuid(), null, null, 1), Notice("follow", Guid.NewGuid(), null, null, 2) };

        var bundle = Assert.Single(queue.Bundles(due));

        Assert.Equal(1, bundle.Payload.Others);
        Assert.Null(bundle.Payload.StoryId);
        Assert.NotNull(queue.Topic(due[0]));
        Assert.Equal(queue.Topic(due[0]), queue.Topic(due[1]));
    }
}
