using System.Text.Json;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Events;
using Fowergram.Platform.Visibility;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// new_post, new_story, new_reel and new_video to each follower who turned that kind on for the author
/// (account_notification_settings, migration 0146; docs/social-graph.md "Notifications from accounts you follow"). Checked at
/// delivery, as the inbox checks at read time (Visibility.EntityFilter): the thing still exists and the recipient may see it
/// (a story's audience and "hidden from" list; a post's archive; a video's publication; the author's privacy and blocks
/// either way), and both accounts are live. A recipient who muted the author hears nothing of what the mute hides from them
/// (mutes.mute_posts for posts, reels and videos, as the feed and the reels and videos tabs read it; mute_stories for stories,
/// as the tray reads it); the check is at delivery, so an unmute brings back the notices of what comes after it. A video
/// notifies when it is published (igtv_video.published; a draft saved is not news), once per recipient however often it is
/// unpublished and published again. Idempotent through ConsumerRunner: the processed marker commits with the notices.
/// </summary>
public sealed class SubscriptionNotificationsConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "subscription-notifications";

    /// <summary>One kind of new thing: the event that announces it (the areas' contract in docs/events.md), the flag that asks
    /// for it, the mute that silences it, the notice it makes and the table it lives in. Names of columns and tables come only
    /// from here.</summary>
    private sealed record Kind(string EventType, string IdMember, string Flag, string Mute, string NoticeType, string EntityType, string Table,
        string Message)
    {
        public string Recipients { get; } = $"""
            SELECT s.follower_id FROM {Table} t
              JOIN account_notification_settings s ON s.following_id = t.user_id AND s.{Flag}
              JOIN users r ON r.id = s.follower_id AND r.deleted_at IS NULL AND r.is_active
             WHERE t.id = @entityId AND t.user_id = @actor
               AND {Visibility.EntityFilter($"'{EntityType}'", "t.id", "@at", "s.follower_id")}
               AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = s.follower_id AND m.muted_id = t.user_id AND m.{Mute})
               AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.actor_id = @actor AND n.user_id = s.follower_id
                                  AND n.type = '{NoticeType}' AND n.entity_id = t.id)
            """;

        public string Notify { get; } = $"""
            INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
            SELECT n.id, n.recipient, @actor, '{NoticeType}', '{EntityType}', @entityId, '{Message}', @createdAt
              FROM unnest(@ids, @recipients) AS n (id, recipient)
            """;
    }

    private static readonly Dictionary<string, Kind> Kinds = new Kind[]
    {
        new("post.created", "postId", "posts", "mute_posts", "new_post", "post", "posts", "shared a post."),
        new("story.created", "storyId", "stories", "mute_stories", "new_story", "story", "stories", "added to their story."),
        new("reel.created", "reelId", "reels", "mute_posts", "new_reel", "reel", "reels", "shared a reel."),
        // A trial reel reaches the followers when it is shared with them (docs/reels.md "Trial reels"); reel.created found them unable to see it.
        new("reel.trial_shared", "reelId", "reels", "mute_posts", "new_reel", "reel", "reels", "shared a reel."),
        new("igtv_video.published", "videoId", "videos", "mute_posts", "new_video", "igtv_video", "igtv_videos", "shared a video."),
    }.ToDictionary(k => k.EventType);

    /// <summary>
    /// One thing's announcements take turns: two of them (a video published, unpublished and published again; a trial reel's
    /// late reel.created beside its reel.trial_shared) handled at once by two instances each saw no notice committed by the
    /// other and both notified every subscriber. Taken in its own statement, so the second's read sees what the first wrote.
    /// </summary>
    private const string OneThingAtATime = "SELECT pg_advisory_xact_lock(hashtext('subscription-notifications'), hashtext(@entityId::text))";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => Kinds.ContainsKey(eventType);

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var kind = Kinds[envelope.Type];
        var entityId = Required(envelope, kind.IdMember);
        var actor = Required(envelope, "authorId");
        await connection.ExecuteAsync(new CommandDefinition(OneThingAtATime, new { entityId }, transaction, cancellationToken: ct));
        var args = new { entityId, actor, at = time.GetUtcNow() };
        var recipients = (await connection.QueryAsync<Guid>(new CommandDefinition(kind.Recipients, args, transaction, cancellationToken: ct))).ToArray();
        if (recipients.Length == 0) return;
        var ids = recipients.Select(_ => Ids.New(time)).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(kind.Notify, new { ids, recipients, actor, entityId, createdAt = envelope.OccurredAt },
            transaction, cancellationToken: ct));
    }

    private static Guid Required(EventEnvelope envelope, string member) =>
        envelope.Payload.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id) && id != Guid.Empty
            ? id
            : throw new JsonException($"A {envelope.Type} event must carry {member}.");
}
