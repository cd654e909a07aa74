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
    /// Removes the target in the caller's transaction. False when there is nothing left to remove (deleted already, or a
    /// broadcast that has ended); then nothing changed.
    /// </summary>
    Task<bool> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now, CancellationToken ct);
}
