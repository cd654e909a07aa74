using Fowergram.Platform.Content;
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

    private const string AtOnce = "to post at once, use POST /channels/{id}/messages";

    /// <summary>The body's <c>publishAt</c> (<see cref="PublishTimes.Read"/>): the bounds of scheduled posts.</summary>
    public static DateTimeOffset? PublishAt(string? text, DateTimeOffset now, Validation v) => PublishTimes.Read(text, now, AtOnce, v);

    /// <summary>A patched <c>publishAt</c> (<see cref="PublishTimes.Within"/>).</summary>
    public static DateTimeOffset? Within(DateTimeOffset at, DateTimeOffset now, Validation v) => PublishTimes.Within(at, now, AtOnce, v);
}
