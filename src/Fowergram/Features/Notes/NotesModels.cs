using Fowergram.Platform.Content;

namespace Fowergram.Features.Notes;

/// <summary>PUT /api/v1/users/me/note: the text (1–60 characters) and who sees it (mutuals, the default, or close_friends).</summary>
public sealed record SetNoteRequest(string? Text, string? Audience);

/// <summary>A note; audience and likeCount only for its author.</summary>
public sealed record NoteView(Guid Id, UserSummary Author, string Text, string? Audience, long? LikeCount, bool IsLiked,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
