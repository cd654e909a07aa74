using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Messages;

/// <summary>
/// POST /api/v1/conversations: one other person and no name opens (or reopens) the one-to-one thread with
/// them; more people, or a name, start a group.
/// </summary>
public sealed record CreateConversationRequest(Guid[]? UserIds, string? Name);

/// <summary>POST /api/v1/conversations/{id}/participants.</summary>
public sealed record AddParticipantsRequest(Guid[]? UserIds);

/// <summary>PUT /api/v1/conversations/{id}/read: the newest message read (absent: the newest of the thread).</summary>
public sealed record MarkReadRequest(Guid? MessageId);

/// <summary>
/// POST /api/v1/conversations/{id}/messages: text, and at most one of a photo or video (an upload with purpose
/// 'message'), a shared post, a shared story (a story reply), a shared reel or a shared long-form video; replyToId
/// quotes a message of the thread.
/// </summary>
public sealed record SendMessageRequest(string? Text, Guid? UploadId, Guid? SharedPostId, Guid? SharedStoryId, Guid? ReplyToId,
    Guid? SharedReelId = null, Guid? SharedVideoId = null);

/// <summary>PATCH /api/v1/messages/{id}.</summary>
public sealed record EditMessageRequest(string? Text);

/// <summary>
/// A current participant; isAdmin only means something in groups. lastActiveAt: their activity status, when shown to the
/// reader; inQuietMode (true, else omitted): shown instead of it while they are in quiet mode (docs/accounts.md "Quiet mode").
/// </summary>
public sealed record ParticipantView(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified, bool IsAdmin,
    DateTimeOffset? LastActiveAt, bool? InQuietMode = null);

/// <summary>Where another participant has read up to: "Seen" under that message. Request copies never show one.</summary>
public sealed record ReadMarkView(Guid UserId, Guid MessageId, DateTimeOffset ReadAt);

/// <summary>The newest message as an inbox row shows it; text only for text messages; no senderId when its sender is gone.</summary>
public sealed record MessagePreview(Guid Id, Guid? SenderId, string Type, string? Text, DateTimeOffset CreatedAt);

/// <summary>
/// A thread as one participant sees it. status is 'accepted' (inbox), 'request' or 'hidden_request' (a request hidden by the
/// caller's hidden words or limits: folder=hidden); isPinned: the caller pinned it to the top of their inbox (their copy
/// only); unreadCount stops at <see cref="ConversationRules.UnreadCountCap"/>. vanishModeSince: when vanish mode was turned on in
/// this one-to-one (absent: off), the same for both participants (docs/messages.md "Vanish mode").
/// </summary>
public sealed record ConversationView(Guid Id, bool IsGroup, string? Name, IReadOnlyList<ParticipantView> Participants, string Status,
    bool IsArchived, bool IsMuted, bool IsPinned, int UnreadCount, MessagePreview? LastMessage, IReadOnlyList<ReadMarkView> ReadMarks,
    DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, DateTimeOffset? VanishModeSince = null);

/// <summary>GET /api/v1/conversations/unread: the badge.</summary>
public sealed record UnreadView(int Conversations, int Requests);

/// <summary>A photo or video in a message, with a short-lived read URL.</summary>
public sealed record MessageMedia(string Type, string Url, DateTimeOffset UrlExpiresAt);

/// <summary>A shared story while the reader may see it; the URL never outlives the story for anyone but its author.</summary>
public sealed record SharedStoryView(Guid Id, UserSummary Author, string MediaType, string? Url, DateTimeOffset? UrlExpiresAt,
    DateTimeOffset ExpiresAt);

/// <summary>The quoted message of a reply; null when it was unsent. No senderId when its sender is gone.</summary>
public sealed record ReplyPreview(Guid Id, Guid? SenderId, string Type, string? Text);

/// <summary>
/// A message. sharedPost / sharedStory / sharedReel / sharedVideo are null when the reader may not (or no longer) see
/// what was shared: the type still says what it was, so clients can show "unavailable". quotedNote: the words of the note a
/// note_reply answers (kept with the message: the note itself lasts a day). vanishes: sent in vanish mode, it disappears once
/// the other person has read it and left the chat (docs/messages.md "Vanish mode"); it cannot be edited. automatic: the reply
/// quiet mode sent on its sender's behalf (docs/messages.md "Quiet mode replies"). sender: absent when its account is deleted or
/// suspended — the message stays, its sender is shown as every gone account is, not at all (docs/messages.md "Gone senders").
/// </summary>
public sealed record MessageView(Guid Id, Guid ConversationId, UserSummary? Sender, string Type, string? Text, MessageMedia? Media,
    PostCard? SharedPost, SharedStoryView? SharedStory, ReelView? SharedReel, VideoView? SharedVideo, ReplyPreview? ReplyTo, bool IsEdited,
    DateTimeOffset CreatedAt, IReadOnlyList<ReactionCount> Reactions, string? MyReaction, string? QuotedNote = null, bool Vanishes = false,
    bool Automatic = false);

/// <summary>How many participants reacted to a message with one emoji (most first).</summary>
public sealed record ReactionCount(string Emoji, int Count);

/// <summary>
/// The thread a search result is in, enough for a row of the inbox: a group's name (absent for a one-to-one), and the first
/// three other current members (joined first, first; live accounts) with how many other members there are in all.
/// </summary>
public sealed record ConversationSummary(Guid Id, bool IsGroup, string? Name, IReadOnlyList<UserSummary> Others, int OtherCount);

/// <summary>GET /api/v1/conversations/messages/search: a message holding the words, as its thread shows it, and the thread.</summary>
public sealed record MessageSearchHit(ConversationSummary Conversation, MessageView Message);
