using Fowergram.Platform.Http;

namespace Fowergram.Features.Messages;

/// <summary>
/// POST /channels/{id}/scheduled-messages: a message as POST …/messages takes it, and when to post it (<c>publishAt</c>, ISO
/// 8601 with an offset). <see cref="ReplyToId"/> is read only to refuse it: the quoted message may be gone by then.
/// </summary>
public sealed record ScheduleChannelMessageRequest(string? PublishAt, string? Text, Guid? UploadId, ChannelPollRequest? Poll, Guid? ReplyToId = null);

/// <summary>A poll as scheduled: its question and options (votes come once it is posted).</summary>
public sealed record ScheduledChannelPoll(string Question, IReadOnlyList<string> Options);

/// <summary>
/// A channel message waiting for its time, as its sender (and the channel's owner) sees it. <see cref="Failure"/> says why the
/// last attempt to post it failed, until a later run succeeds.
/// </summary>
public sealed record ScheduledChannelMessageView(Guid Id, Guid ChannelId, Guid SenderId, DateTimeOffset PublishAt, string? Text, MessageMedia? Media,
    ScheduledChannelPoll? Poll, DateTimeOffset CreatedAt, ScheduledChannelFailure? Failure = null);

/// <summary>When the scheduled-channel-messages job last failed to post the message, and why.</summary>
public sealed record ScheduledChannelFailure(DateTimeOffset At, string Reason);

/// <summary>When a channel message may be scheduled for and how many may wait (docs/messages.md "Scheduled messages").</summary>
internal static class ScheduledChannelMessageRules
{
    /// <summary>Scheduled messages one channel may have waiting at once, all hosts together: a queue, not a backlog.</summary>
    public const int MaxPending = 25;

    /// <summary>The body's <c>publishAt</c>: present, ISO 8601 with an offset, and <see cref="Within"/> the bounds; UTC.</summary>
    public static DateTimeOffset? PublishAt(string? text, DateTimeOffset now, Validation v)
    {
        if (text is null) v.Add("publishAt", "This field is required.");
        else if (!Instants.TryParse(text, out var at)) v.Add("publishAt", Instants.Expected);
        else return Within(at, now, v);
        return null;
    }

    /// <summary><paramref name="at"/> in UTC when it lies within the bounds of scheduled posts from <paramref name="now"/>; else a message naming <c>publishAt</c>.</summary>
    public static DateTimeOffset? Within(DateTimeOffset at, DateTimeOffset now, Validation v)
    {
        if (at >= now + Posts.ScheduledPostRules.MinAhead && at <= now + Posts.ScheduledPostRules.MaxAhead) return at.ToUniversalTime();
        v.Add("publishAt", "Must be from 10 minutes to 75 days from now (to post at once, use POST /channels/{id}/messages).");
        return null;
    }
}
