namespace Fowergram.Features.Notes;

/// <summary>Note events (docs/events.md): raised when a like of a note is given or taken back, and only then.</summary>
public static class NoteEvents
{
    public const string Liked = "note.liked";
    public const string Unliked = "note.unliked";
    public const string EntityNote = "note";
}

/// <summary>note.liked / note.unliked: who liked (the event's actor) whose note.</summary>
public sealed record NoteLikeEvent(Guid NoteId, Guid AuthorId, string EntityType, Guid EntityId)
{
    public static NoteLikeEvent Of(Guid noteId, Guid authorId) => new(noteId, authorId, NoteEvents.EntityNote, noteId);
}
