using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Notes;

/// <summary>
/// A reported note removed by a moderator: kept with its likes but marked removed, so every read leaves it out as if it were
/// gone while a reversed appeal can still bring it back as it was (NoteReinstatement), until its hold ends (held_until) and
/// the story-expiry job's sweep deletes it (NoteExpirySweep). Notes raise no events.
/// </summary>
public sealed class NoteTakedown : ITakedown
{
    // Held until now only: a removal that cannot be appealed (appeals off, a note whose day is over) is final at the sweep's
    // next run; an appealable one is held to its window's end by NoteReinstatement.HoldAsync, in the same transaction.
    private const string Remove = "UPDATE notes SET removed_at = @now, held_until = @now WHERE id = @noteId AND removed_at IS NULL";

    public IReadOnlyCollection<string> TargetTypes { get; } = ["note"];

    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(Remove, new { noteId = targetId, now }, tx, cancellationToken: ct)) > 0 ? Takedown.Removed : Takedown.Gone;
}
