using Azure.Messaging.ServiceBus;
using Fowergram.Features.Accounts;
using Fowergram.Features.Activity;
using Fowergram.Features.Feed;
using Fowergram.Features.Posts;
using Fowergram.Features.Social;
using Fowergram.Features.Stories;
using Fowergram.Functions.Azure;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Triggers;

/// <summary>
/// One Service Bus trigger per <see cref="Fowergram.Platform.Events.IEventConsumer"/>: the topic's
/// subscription and the function carry the consumer's name. Settlement is explicit (see
/// <see cref="ServiceBusEventDelivery"/>), hence AutoCompleteMessages = false on every trigger.
/// </summary>
public sealed class EventConsumerFunctions(ServiceBusEventDelivery delivery)
{
    [Function(ActivityLogConsumer.ConsumerName)]
    public Task ActivityLog(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, ActivityLogConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(ActivityLogConsumer.ConsumerName, message, messageActions, ct);

    [Function(EmailDeliveryConsumer.ConsumerName)]
    public Task EmailDelivery(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, EmailDeliveryConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(EmailDeliveryConsumer.ConsumerName, message, messageActions, ct);

    [Function(StoryCountersConsumer.ConsumerName)]
    public Task StoryCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, StoryCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(StoryCountersConsumer.ConsumerName, message, messageActions, ct);

    [Function(StoryNotificationsConsumer.ConsumerName)]
    public Task StoryNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, StoryNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(StoryNotificationsConsumer.ConsumerName, message, messageActions, ct);

    [Function(PostCountersConsumer.ConsumerName)]
    public Task PostCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, PostCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(PostCountersConsumer.ConsumerName, message, messageActions, ct);

    [Function(PostNotificationsConsumer.ConsumerName)]
    public Task PostNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, PostNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(PostNotificationsConsumer.ConsumerName, message, messageActions, ct);

    [Function(SocialCountersConsumer.ConsumerName)]
    public Task SocialCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, SocialCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(SocialCountersConsumer.ConsumerName, message, messageActions, ct);

    [Function(SocialNotificationsConsumer.ConsumerName)]
    public Task SocialNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, SocialNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(SocialNotificationsConsumer.ConsumerName, message, messageActions, ct);

    [Function(PrivacyApprovalConsumer.ConsumerName)]
    public Task SocialPrivacy(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, PrivacyApprovalConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(PrivacyApprovalConsumer.ConsumerName, message, messageActions, ct);

    [Function(FeedFanOutConsumer.ConsumerName)]
    public Task FeedFanOut(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, FeedFanOutConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(FeedFanOutConsumer.ConsumerName, message, messageActions, ct);

    [Function(FeedGraphConsumer.ConsumerName)]
    public Task FeedGraph(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, FeedGraphConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(FeedGraphConsumer.ConsumerName, message, messageActions, ct);
}
