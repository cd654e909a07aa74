using Fowergram.Features.Accounts;
using Fowergram.Features.Feed;
using Fowergram.Features.Insights;
using Fowergram.Features.Live;
using Fowergram.Features.Media;
using Fowergram.Features.Messages;
using Fowergram.Features.Moderation;
using Fowergram.Features.Notifications.Push;
using Fowergram.Features.Posts;
using Fowergram.Features.Reels;
using Fowergram.Features.Shopping;
using Fowergram.Features.Social;
using Fowergram.Features.Stories;
using Fowergram.Features.Videos;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Triggers;

/// <summary>
/// One timer function per <see cref="Fowergram.Platform.Jobs.IScheduledJob"/>, carrying the job's name and
/// schedule (attribute arguments must be constants; TriggerWiringTests proves they match the job).
/// </summary>
public sealed class ScheduledJobFunctions(ScheduledJobRunner runner)
{
    /// <summary>Fowergram.Features.Maintenance.PartitionMaintenanceJob: monthly partitions, daily at 03:00 UTC.</summary>
    [Function("partition-maintenance")]
    public Task PartitionMaintenance([TimerTrigger("0 0 3 * * *")] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync("partition-maintenance", timer, ct);

    /// <summary><see cref="MediaCleanupJob"/>: expired upload slots and their objects, every five minutes.</summary>
    [Function(MediaCleanupJob.JobName)]
    public Task MediaCleanup([TimerTrigger(MediaCleanupJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(MediaCleanupJob.JobName, timer, ct);

    /// <summary><see cref="StoryExpiryJob"/>: media of deleted and long-expired, unhighlighted stories, every fifteen minutes.</summary>
    [Function(StoryExpiryJob.JobName)]
    public Task StoryExpiry([TimerTrigger(StoryExpiryJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(StoryExpiryJob.JobName, timer, ct);

    /// <summary><see cref="PostMediaCleanupJob"/>: objects of posts deleted longer than the grace period ago, every ten minutes.</summary>
    [Function(PostMediaCleanupJob.JobName)]
    public Task PostMediaCleanup([TimerTrigger(PostMediaCleanupJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(PostMediaCleanupJob.JobName, timer, ct);

    /// <summary><see cref="ExploreRefreshJob"/>: the explore ranking, every fifteen minutes.</summary>
    [Function(ExploreRefreshJob.JobName)]
    public Task ExploreRefresh([TimerTrigger(ExploreRefreshJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(ExploreRefreshJob.JobName, timer, ct);

    /// <summary><see cref="ReelRecommendationsJob"/>: the recommended reels' ranking, every fifteen minutes (five after explore's).</summary>
    [Function(ReelRecommendationsJob.JobName)]
    public Task ReelRecommendations([TimerTrigger(ReelRecommendationsJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(ReelRecommendationsJob.JobName, timer, ct);

    /// <summary><see cref="ScheduledPostsJob"/>: scheduled posts whose time has come, every minute.</summary>
    [Function(ScheduledPostsJob.JobName)]
    public Task ScheduledPosts([TimerTrigger(ScheduledPostsJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(ScheduledPostsJob.JobName, timer, ct);

    /// <summary><see cref="ScheduledReelsJob"/>: scheduled reels whose time has come, every minute.</summary>
    [Function(ScheduledReelsJob.JobName)]
    public Task ScheduledReels([TimerTrigger(ScheduledReelsJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(ScheduledReelsJob.JobName, timer, ct);

    /// <summary><see cref="ScheduledChannelMessagesJob"/>: scheduled broadcast-channel messages whose time has come, every minute.</summary>
    [Function(ScheduledChannelMessagesJob.JobName)]
    public Task ScheduledChannelMessages([TimerTrigger(ScheduledChannelMessagesJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(ScheduledChannelMessagesJob.JobName, timer, ct);

    /// <summary><see cref="TrialReelsJob"/>: trial reels whose 72 hours are over, shared or ended, every five minutes.</summary>
    [Function(TrialReelsJob.JobName)]
    public Task TrialReels([TimerTrigger(TrialReelsJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(TrialReelsJob.JobName, timer, ct);

    /// <summary><see cref="CounterReconciliationJob"/>: post_stats against count(*), hourly.</summary>
    [Function(CounterReconciliationJob.JobName)]
    public Task CounterReconciliation([TimerTrigger(CounterReconciliationJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(CounterReconciliationJob.JobName, timer, ct);

    /// <summary><see cref="FeedRetentionJob"/>: feed entries older than the retention window, daily at 04:30 UTC.</summary>
    [Function(FeedRetentionJob.JobName)]
    public Task FeedRetention([TimerTrigger(FeedRetentionJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(FeedRetentionJob.JobName, timer, ct);

    /// <summary><see cref="AuthHousekeepingJob"/>: ended mail and login throttles, long-expired mailed tokens, hourly.</summary>
    [Function(AuthHousekeepingJob.JobName)]
    public Task AuthHousekeeping([TimerTrigger(AuthHousekeepingJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(AuthHousekeepingJob.JobName, timer, ct);

    /// <summary><see cref="IdempotencyKeysJob"/>: idempotency keys past their 24 hours, hourly.</summary>
    [Function(IdempotencyKeysJob.JobName)]
    public Task IdempotencyHousekeeping([TimerTrigger(IdempotencyKeysJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(IdempotencyKeysJob.JobName, timer, ct);

    /// <summary><see cref="PushDeliveryJob"/>: queued notices to subscribed browsers (Web Push), every ten seconds.</summary>
    [Function(PushDeliveryJob.JobName)]
    public Task PushDelivery([TimerTrigger(PushDeliveryJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(PushDeliveryJob.JobName, timer, ct);

    /// <summary><see cref="InsightsRetentionJob"/>: profile visits older than the insights window, daily at 04:10 UTC.</summary>
    [Function(InsightsRetentionJob.JobName)]
    public Task InsightsRetention([TimerTrigger(InsightsRetentionJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(InsightsRetentionJob.JobName, timer, ct);

    /// <summary><see cref="AccountPurgeJob"/>: accounts deleted longer than Auth:DeletionGrace ago, taken apart with their events, hourly.</summary>
    [Function(AccountPurgeJob.JobName)]
    public Task AccountPurge([TimerTrigger(AccountPurgeJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(AccountPurgeJob.JobName, timer, ct);

    /// <summary><see cref="UserStatsReconciliationJob"/>: followers, following and post counts against what was counted, daily at 03:45 UTC.</summary>
    [Function(UserStatsReconciliationJob.JobName)]
    public Task UserStatsReconciliation([TimerTrigger(UserStatsReconciliationJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(UserStatsReconciliationJob.JobName, timer, ct);

    /// <summary><see cref="SuggestionsRefreshJob"/>: computes ahead the suggestions of callers with a large graph, every five minutes.</summary>
    [Function(SuggestionsRefreshJob.JobName)]
    public Task SuggestionsRefresh([TimerTrigger(SuggestionsRefreshJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(SuggestionsRefreshJob.JobName, timer, ct);

    /// <summary><see cref="EventHousekeepingJob"/>: published outbox rows and processed markers past their retention, hourly.</summary>
    [Function(EventHousekeepingJob.JobName)]
    public Task EventHousekeeping([TimerTrigger(EventHousekeepingJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(EventHousekeepingJob.JobName, timer, ct);

    /// <summary><see cref="ReelHashtagsBackfillJob"/>: tags the reels whose captions the app has not read yet, every quarter hour.</summary>
    [Function(ReelHashtagsBackfillJob.JobName)]
    public Task ReelHashtagsBackfill([TimerTrigger(ReelHashtagsBackfillJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(ReelHashtagsBackfillJob.JobName, timer, ct);

    /// <summary><see cref="LiveAutoEndJob"/>: live broadcasts whose broadcaster fell silent or that ran too long, every minute.</summary>
    [Function(LiveAutoEndJob.JobName)]
    public Task LiveAutoEnd([TimerTrigger(LiveAutoEndJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(LiveAutoEndJob.JobName, timer, ct);

    /// <summary><see cref="WishlistCleanupJob"/>: wishlist entries of products their sellers deleted, in batches, every quarter hour.</summary>
    [Function(WishlistCleanupJob.JobName)]
    public Task WishlistCleanup([TimerTrigger(WishlistCleanupJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(WishlistCleanupJob.JobName, timer, ct);

    /// <summary><see cref="ProductTagCleanupJob"/>: post and reel tags of products their sellers deleted, in batches, every quarter hour.</summary>
    [Function(ProductTagCleanupJob.JobName)]
    public Task ProductTagCleanup([TimerTrigger(ProductTagCleanupJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(ProductTagCleanupJob.JobName, timer, ct);

    /// <summary><see cref="StoryCountdownsJob"/>: ended story countdowns are announced to the reminded, every minute.</summary>
    [Function(StoryCountdownsJob.JobName)]
    public Task StoryCountdowns([TimerTrigger(StoryCountdownsJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(StoryCountdownsJob.JobName, timer, ct);

    /// <summary><see cref="MessageVanishJob"/>: messages read in vanish mode disappear, every minute.</summary>
    [Function(MessageVanishJob.JobName)]
    public Task MessageVanish([TimerTrigger(MessageVanishJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(MessageVanishJob.JobName, timer, ct);

    /// <summary><see cref="SuspensionExpiryJob"/>: temporary suspensions that ended are lifted, every five minutes.</summary>
    [Function(SuspensionExpiryJob.JobName)]
    public Task SuspensionExpiry([TimerTrigger(SuspensionExpiryJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(SuspensionExpiryJob.JobName, timer, ct);

    /// <summary><see cref="SeriesHousekeepingJob"/>: deleted videos that can no longer come back leave their series, hourly.</summary>
    [Function(SeriesHousekeepingJob.JobName)]
    public Task SeriesHousekeeping([TimerTrigger(SeriesHousekeepingJob.JobSchedule)] TimerInfo timer, CancellationToken ct) =>
        runner.RunAsync(SeriesHousekeepingJob.JobName, timer, ct);
}
