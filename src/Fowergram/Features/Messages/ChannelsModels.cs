using Fowergram.Platform.Content;

namespace Fowergram.Features.Messages;

/// <summary>POST /channels: a name of 1–50 characters and an optional description (up to 300).</summary>
public sealed record CreateChannelRequest(string? Name, string? Description);

/// <summary>
/// A broadcast channel as the caller sees it. <c>role</c>: owner, cohost, member, or omitted for a visitor who may join;
/// <c>invitedToCohost</c> when the caller has an open co-host invitation; <c>unreadCount</c> and <c>muted</c> for members
/// (the count stops at <see cref="ChannelRules.UnreadCap"/>, <c>moreUnread</c> past it); <c>endedAt</c> once ended.
/// </summary>
public sealed record ChannelView(Guid Id, UserSummary Owner, string Name, string? Description, int MemberCount, DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt, string? Role, bool? InvitedToCohost, int? UnreadCount, bool? MoreUnread, bool? Muted);

/// <summary>
/// POST /channels/{id}/messages: text and/or one upload (photo, video, voice message), or a poll alone; replyToId: an earlier
/// message of the channel this one answers (not for a poll).
/// </summary>
public sealed record PostChannelMessageRequest(string? Text, Guid? UploadId, ChannelPollRequest? Poll, Guid? ReplyToId);

public sealed record ChannelPollRequest(string? Question, string[]? Options);

/// <summary>PUT /channels/{id}/messages/{messageId}/vote: the option's index (0-based).</summary>
public sealed record ChannelVoteRequest(int? Option);

/// <summary>A poll's results: each option with its votes (live accounts only), the total, and the caller's choice.</summary>
public sealed record ChannelPollView(string Question, IReadOnlyList<ChannelPollOption> Options, int TotalVotes, int? MyVote);

public sealed record ChannelPollOption(string Text, int Votes);

/// <summary>
/// A channel message: its sender (the owner or a co-host), text, media, poll, reactions (per emoji) and the caller's;
/// replyTo: the message it answers (<see cref="ChannelReplyPreview"/>); isEdited and editedAt once its text was edited;
/// pinnedAt while the owner has it pinned. <c>removedAt</c> marks one a moderator took down: a tombstone with nothing of
/// what it said, and no reactions shown.
/// </summary>
public sealed record ChannelMessageView(Guid Id, Guid ChannelId, UserSummary Sender, string? Text, MessageMedia? Media, ChannelPollView? Poll,
    IReadOnlyList<ReactionCount> Reactions, string? MyReaction, DateTimeOffset CreatedAt,
    ChannelReplyPreview? ReplyTo = null, bool IsEdited = false, DateTimeOffset? EditedAt = null, DateTimeOffset? PinnedAt = null,
    DateTimeOffset? RemovedAt = null);

/// <summary>
/// The quoted message of a reply, compact: its id, sender, kind (text, image, video, audio or poll) and the start of its text
/// (a poll's question). Only <c>unavailable: true</c> once the quoted message was deleted or the reader cannot see its sender.
/// </summary>
public sealed record ChannelReplyPreview(Guid? Id, UserSummary? Sender, string? Type, string? Text, bool? Unavailable)
{
    public static readonly ChannelReplyPreview Gone = new(null, null, null, null, true);
}
