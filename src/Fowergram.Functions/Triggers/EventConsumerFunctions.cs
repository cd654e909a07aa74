using Azure.Messaging.ServiceBus;
using Fowergram.Features.Accounts;
using Fowergram.Features.Activity;
using Fowergram.Features.Feed;
using Fowergram.Features.Insights;
using Fowergram.Features.Live;
using Fowergram.Features.Messages;
using Fowergram.Features.Moderation;
using Fowergram.Features.Notes;
using Fowergram.Features.Posts;
using Fowergram.Features.Reels;
using Fowergram.Features.Shopping;
using Fowergram.Features.Social;
using Fowergram.Features.Stories;
using Fowergram.Features.Videos;
using Fowergram.Functions.Azure;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Triggers;

/// <summary>
/// One Service Bus trigger per <see cref="Fowergram.Platform.Events.IEventConsumer"/>: the topic's
/// subscription and the function carry the consumer's name. Messages come in batches (IsBatched; size
/// from host.json's maxMessageBatchSize), applied in one transaction as the Server host applies its
/// deliveries. Settlement is explicit, per message (see <see cref="ServiceBusEventDelivery"/>), hence
/// AutoCompleteMessages = false on every trigger.
/// </summary>
public sealed class EventConsumerFunctions(ServiceBusEventDelivery delivery)
{
    [Function(ActivityLogConsumer.ConsumerName)]
    public Task ActivityLog(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, ActivityLogConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(ActivityLogConsumer.ConsumerName, messages, messageActions, ct);

    [Function(EmailDeliveryConsumer.ConsumerName)]
    public Task EmailDelivery(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, EmailDeliveryConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(EmailDeliveryConsumer.ConsumerName, messages, messageActions, ct);

    [Function(StoryCountersConsumer.ConsumerName)]
    public Task StoryCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, StoryCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(StoryCountersConsumer.ConsumerName, messages, messageActions, ct);

    [Function(StoryNotificationsConsumer.ConsumerName)]
    public Task StoryNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, StoryNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(StoryNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(LiveNotificationsConsumer.ConsumerName)]
    public Task LiveNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, LiveNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(LiveNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(ChannelNotificationsConsumer.ConsumerName)]
    public Task ChannelNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, ChannelNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(ChannelNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(AppealMailConsumer.ConsumerName)]
    public Task AppealMail(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, AppealMailConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(AppealMailConsumer.ConsumerName, messages, messageActions, ct);

    [Function(FollowerLossesConsumer.ConsumerName)]
    public Task FollowerLosses(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, FollowerLossesConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(FollowerLossesConsumer.ConsumerName, messages, messageActions, ct);

    [Function(NoteNotificationsConsumer.ConsumerName)]
    public Task NoteNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, NoteNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(NoteNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(PostCountersConsumer.ConsumerName)]
    public Task PostCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, PostCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(PostCountersConsumer.ConsumerName, messages, messageActions, ct);

    [Function(PostNotificationsConsumer.ConsumerName)]
    public Task PostNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, PostNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(PostNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(ShopNotificationsConsumer.ConsumerName)]
    public Task ShopNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, ShopNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(ShopNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(VideoCountersConsumer.ConsumerName)]
    public Task VideoCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, VideoCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(VideoCountersConsumer.ConsumerName, messages, messageActions, ct);

    [Function(VideoNotificationsConsumer.ConsumerName)]
    public Task VideoNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, VideoNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(VideoNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(ReelCountersConsumer.ConsumerName)]
    public Task ReelCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, ReelCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(ReelCountersConsumer.ConsumerName, messages, messageActions, ct);

    [Function(ReelNotificationsConsumer.ConsumerName)]
    public Task ReelNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, ReelNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(ReelNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(SocialCountersConsumer.ConsumerName)]
    public Task SocialCounters(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, SocialCountersConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(SocialCountersConsumer.ConsumerName, messages, messageActions, ct);

    [Function(SocialNotificationsConsumer.ConsumerName)]
    public Task SocialNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, SocialNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(SocialNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(PrivacyApprovalConsumer.ConsumerName)]
    public Task SocialPrivacy(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, PrivacyApprovalConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(PrivacyApprovalConsumer.ConsumerName, messages, messageActions, ct);

    [Function(SubscriptionNotificationsConsumer.ConsumerName)]
    public Task SubscriptionNotifications(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, SubscriptionNotificationsConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(SubscriptionNotificationsConsumer.ConsumerName, messages, messageActions, ct);

    [Function(FeedFanOutConsumer.ConsumerName)]
    public Task FeedFanOut(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, FeedFanOutConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(FeedFanOutConsumer.ConsumerName, messages, messageActions, ct);

    [Function(FeedGraphConsumer.ConsumerName)]
    public Task FeedGraph(
        [ServiceBusTrigger(ServiceBusSettings.TopicExpression, FeedGraphConsumer.ConsumerName,
            Connection = ServiceBusSettings.Connection, AutoCompleteMessages = false, IsBatched = true)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions messageActions, CancellationToken ct) =>
        delivery.DeliverAsync(FeedGraphConsumer.ConsumerName, messages, messageActions, ct);
}
