using Npgsql;

namespace Fowergram.Platform.Moderation;

/// <summary>
/// One area's way of removing a reported thing when a moderator closes the report as actioned and asks for its removal
/// (docs/moderation.md "Acting on a report"). Moderation looks the target's kind up among the registered takedowns, so it
/// never depends on those areas, as the account purge does with its steps. A takedown removes the thing as its owner
/// deleting it would, with the same events, so counters, feeds, notices and stored objects follow; the events have no
/// actor, as the purge's: taking content down is neither the owner's activity nor the moderator's.
/// </summary>
public interface ITakedown
{
    /// <summary>The report target types (<c>reports.target_type</c>) this removes.</summary>
    IReadOnlyCollection<string> TargetTypes { get; }

    /// <summary>
    /// Removes the target in the caller's transaction, answering what it found under the target's lock: only that tells
    /// whether the removal may be appealed, since its author may be deleting it while the moderator decides.
    /// </summary>
    Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now, CancellationToken ct);
}

/// <summary>What an <see cref="ITakedown"/> found under the target's lock.</summary>
public enum Takedown
{
    /// <summary>Nothing left to remove (deleted for good already, or a broadcast that has ended): nothing changed.</summary>
    Gone,

    /// <summary>The target was up, and is removed now.</summary>
    Removed,

    /// <summary>
    /// Its author had deleted it and could still restore it: that deletion is made final. Nothing that was up went, so
    /// nothing may come back on appeal (it would come back live, undoing its author's deletion).
    /// </summary>
    Finalised,
}
