using Fowergram.Features.Feed;
using Fowergram.Platform.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Feed;

/// <summary>
/// A host of its own with a fan-out threshold of 2 followers, for the merge-on-read tests. It runs no background pipeline
/// (its threshold must not apply to other tests' events), so the feed-fanout consumer is run here for each event; follows
/// are plain rows (large accounts need no backfill). It shares the tests' database: the events its routes raise may also be
/// consumed by the other hosts' pipelines, so a test asserts what holds whichever consumer runs first.
/// </summary>
public abstract class LargeAccountHost : IAsyncLifetime
{
    protected readonly FowergramApp App = TestApps.WithOwnClock(b => b.Configuration["Feed:FanOutMaxFollowers"] = "2");
    private protected FeedWorld World = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        World = new FeedWorld(App);
    }

    public Task DisposeAsync() => App.DisposeAsync();

    /// <summary>A post created <paramref name="minutesAgo"/>, fanned out (or listed, for a large author) by this host's consumer.</summary>
    protected async Task<Guid> PostAsync(TestUser author, int minutesAgo)
    {
        var post = await World.PostRowAsync(author, TimeSpan.FromMinutes(minutesAgo), raise: false);
        await ConsumeAsync(FeedEvents.PostCreated, author, new { postId = post, authorId = author.Id });
        return post;
    }

    protected async Task ConsumeAsync(string type, TestUser actor, object payload) =>
        Assert.Equal(ConsumeOutcome.Applied, await App.Services.GetRequiredService<ConsumerRunner>()
            .RunAsync(FeedFanOutConsumer.ConsumerName, FeedFanOutTests.Envelope(type, actor.Id, payload), default));
}
