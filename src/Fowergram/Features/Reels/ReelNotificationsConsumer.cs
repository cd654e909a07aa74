using System.Text.Json;
using Fowergram.Features.Notifications;
using Fowergram.Platform.Events;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

/// <summary>
/// Notices about reels (<see cref="ThreadedThingNotifications"/>): reel_like and reel_comment to the reel's author, reply,
/// comment_like, comment_pin, and mention to whoever a caption or a comment on a reel names; reel_remix to the author of a
/// reel remixed (entity: the remix); repost (entity: the reel, the posts' notice type) to the author of a reel reposted,
/// taken back when the repost is undone (docs/reels.md "Reposts"). A reel is seen by whoever may see its author's content.
/// </summary>
public sealed class ReelNotificationsConsumer(TimeProvider time) : ThreadedThingNotifications(time, Reels)
{
    public const string ConsumerName = "reel-notifications";

    public const string RemixType = "reel_remix";

    /// <summary>The posts' repost notice (migration 0183); entity_type 'reel' tells a reel's from a post's.</summary>
    public const string RepostType = "repost";

    // A repost notice only while the repost is there: the key-share lock makes an undo racing this transaction wait for it, so
    // its reel.unreposted finds the notice to take back (as the like's lock does).
    // A caption's mention only while the caption still names the recipient (reel_mentions): an edit may have taken it out
    // before delivery; the key-share lock makes that edit's delete wait, so its take-back sees this notice.
    // A remix notice only while the remix (the subject, checked as every reel notice's) still names a live reel of the recipient.
    // A trial reel's notices skip the author's followers until it is shared with them (docs/reels.md "Trial reels").
    private static readonly ThreadedThing Reels = new(ConsumerName, "reels",
        VisibilityPolicy.ContentFilter("t.user_id", "x.recipient") + " AND " + VisibilityPolicy.ReelTrialShownTo("t", "x.recipient"),
        "reel_likes", "reel_id", "reel_comments", "reel_comment_likes", "reel_like", "reel_comment", ReelEvents.EntityReel, ReelEvents.EntityComment,
        "reelId", "reelAuthorId", ReelEvents.Liked, ReelEvents.Unliked, ReelEvents.CommentCreated, ReelEvents.CommentLiked,
        ReelEvents.CommentUnliked, MentionsInThing: true, MoreChecks: $"""
            (x.type <> '{RemixType}' OR EXISTS (
                SELECT 1 FROM reels rm JOIN reels o ON o.id = rm.remix_of_id
                 WHERE rm.id = x.thing_id AND o.user_id = x.recipient AND o.deleted_at IS NULL))
            AND (x.type <> '{RepostType}' OR EXISTS (
                SELECT 1 FROM reel_reposts rr WHERE rr.user_id = x.actor AND rr.reel_id = x.thing_id FOR KEY SHARE OF rr))
            AND (x.type <> 'mention' OR x.entity_type <> '{ReelEvents.EntityReel}' OR EXISTS (
                SELECT 1 FROM reel_mentions m WHERE m.reel_id = x.thing_id AND m.user_id = x.recipient FOR KEY SHARE OF m))
            """, MoreStanding: $"""
            (@type = '{RepostType}' AND EXISTS (SELECT 1 FROM reel_reposts rr WHERE rr.user_id = @actor AND rr.reel_id = @entityId))
            """);

    // reel.trial_shared of a remix: a trial was kept from the followers of its author when it was created, the original's author
    // among them; shared, it is announced to them as a new reel would be (docs/reels.md "Trial reels").
    private protected override bool HandlesMore(string eventType) => eventType is ReelEvents.Created or ReelEvents.TrialShared or ReelEvents.Reposted;

    private protected override bool TakesBackMore(string eventType) => eventType == ReelEvents.Unreposted;

    /// <summary>reel.unreposted: the reel's author loses the reposter's notice.</summary>
    private protected override (Guid Recipient, string Type, Guid EntityId)? MoreWithdrawnBy(EventEnvelope envelope)
    {
        var repost = envelope.PayloadAs<ReelRepostEvent>();
        return (repost.AuthorId, RepostType, repost.ReelId);
    }

    /// <summary>
    /// reel.reposted: the reel's author hears of it. reel.created of a remix (its payload's remixOf), and reel.trial_shared of one:
    /// the remixed reel's author hears of the new reel (once: a notice written already is not written again).
    /// </summary>
    private protected override IEnumerable<NoticeRequest> MoreNoticesOf(EventEnvelope envelope, Guid actor)
    {
        if (envelope.Type == ReelEvents.Reposted)
        {
            var repost = envelope.PayloadAs<ReelRepostEvent>();
            yield return new NoticeRequest(repost.AuthorId, actor, RepostType, ReelEvents.EntityReel, repost.ReelId, repost.ReelId, envelope.OccurredAt);
            yield break;
        }
        if (!envelope.Payload.TryGetProperty("remixOf", out var remixOf) || remixOf.ValueKind != JsonValueKind.Object) yield break;
        var remixId = envelope.Payload.GetProperty("reelId").GetGuid();
        yield return new NoticeRequest(remixOf.GetProperty("authorId").GetGuid(), actor, RemixType, ReelEvents.EntityReel, remixId, remixId,
            envelope.OccurredAt);
    }
}
