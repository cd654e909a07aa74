using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Fowergram.Functions.Azure;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// The Functions host's publisher (ServiceBusEventTransport) against Service Bus test doubles made the way the
/// package intends (the client's and sender's protected constructors, the model factory's batch with a size
/// callback): what goes on the wire, and how an outbox batch is split to fit the namespace's message size.
/// </summary>
public sealed class ServiceBusEventTransportTests
{
    /// <summary>Hands out batches that take at most <paramref name="perBatch"/> messages and none whose body exceeds <paramref name="maxBody"/> bytes.</summary>
    private sealed class FakeSender(int perBatch, int maxBody) : ServiceBusSender
    {
        public List<(string Topic, List<ServiceBusMessage> Messages)> Sent { get; } = [];
        public string Topic { get; set; } = "";
        private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _stores = [];

        public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
        {
            var store = new List<ServiceBusMessage>();
            var batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store,
                tryAddCallback: m => store.Count < perBatch && m.Body.ToArray().Length <= maxBody);
            _stores[batch] = store;
            return ValueTask.FromResult(batch);
        }

        public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
        {
            Sent.Add((Topic, [.. _stores[messageBatch]]));
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FakeClient(FakeSender sender) : ServiceBusClient
    {
        public override ServiceBusSender CreateSender(string queueOrTopicName)
        {
            sender.Topic = queueOrTopicName;
            return sender;
        }
    }

    private static ServiceBusEventTransport Transport(FakeSender sender) => new(new FakeClient(sender),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ServiceBusSettings.TopicSetting] = "events-test" }).Build(),
        NullLogger<ServiceBusEventTransport>.Instance);

    private static EventEnvelope Event(string payload = "{}") =>
        new(Guid.CreateVersion7(), "post.liked", Guid.NewGuid(), JsonDocument.Parse(payload).RootElement.Clone(), DateTimeOffset.UtcNow);

    [Fact]
    public async Task Each_event_is_one_message_identified_by_the_event_id_with_its_type_and_envelope()
    {
        var sender = new FakeSender(perBatch: 100, maxBody: 64 * 1024);
        var events = new[] { Event("""{"postId":"p1"}"""), Event("""{"postId":"p2"}""") };

        await Transport(sender).PublishAsync(events, default);

        var (topic, messages) = Assert.Single(sender.Sent);
        Assert.Equal("events-test", topic);
        Assert.Equal(events.Select(e => e.Id.ToString()), messages.Select(m => m.MessageId)); // the topic's duplicate detection keys on it
        Assert.All(messages, m => Assert.Equal("post.liked", m.Subject));
        Assert.All(messages, m => Assert.Equal("application/json", m.ContentType));
        Assert.Equal(events.Select(e => e.Id), messages.Select(m => EventEnvelope.FromJson(m.Body.ToString()).Id));
        Assert.Equal("p2", EventEnvelope.FromJson(messages[1].Body.ToString()).Payload.GetProperty("postId").GetString());
    }

    [Fact]
    public async Task An_outbox_batch_larger_than_a_message_batch_is_sent_in_order_in_as_many_as_it_takes()
    {
        var sender = new FakeSender(perBatch: 2, maxBody: 64 * 1024);
        var events = Enumerable.Range(0, 5).Select(_ => Event()).ToList();

        await Transport(sender).PublishAsync(events, default);

        Assert.Equal([2, 2, 1], sender.Sent.Select(s => s.Messages.Count));
        Assert.Equal(events.Select(e => e.Id.ToString()), sender.Sent.SelectMany(s => s.Messages).Select(m => m.MessageId));
    }

    [Fact]
    public async Task An_event_too_large_for_any_message_fails_the_publish_after_sending_what_came_before_it()
    {
        var sender = new FakeSender(perBatch: 10, maxBody: 2_000);
        var small = Event();
        var huge = Event(JsonSerializer.Serialize(new { caption = new string('x', 5_000) }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Transport(sender).PublishAsync([small, huge, Event()], default));

        Assert.Contains(huge.Id.ToString(), error.Message);
        Assert.Equal([small.Id.ToString()], sender.Sent.SelectMany(s => s.Messages).Select(m => m.MessageId));
    }
}
