using Fowergram.Features.Music;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Notes;

/// <summary>
/// PUT /api/v1/users/me/note: the text (1–60 characters), who sees it (mutuals, the default, or close_friends), and
/// optionally a clip of a catalogue track (musicTrackId, musicStartSeconds: 0 by default).
/// </summary>
public sealed record SetNoteRequest(string? Text, string? Audience, Guid? MusicTrackId = null, int? MusicStartSeconds = null);

/// <summary>A note; audience and likeCount only for its author; music when it plays a track still in the catalogue.</summary>
public sealed record NoteView(Guid Id, UserSummary Author, string Text, string? Audience, long? LikeCount, bool IsLiked,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, MusicClipView? Music = null);
