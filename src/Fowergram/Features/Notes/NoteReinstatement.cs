using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Notes;

/// <summary>
/// A note a moderator took down, brought back by a reversed appeal (docs/notes.md "Removed notes"): with its likes, its
/// audience and its original expiry, so a note whose day ended meanwhile comes back expired, as it would be now had nobody
/// removed it. Its removal may be appealed only until that day ends (<see cref="EndsAtAsync"/>). A note keeps no stored
/// objects; the kept row is the hold, until <c>held_until</c> (migration 0252): the window's end, 'infinity' while an appeal is
/// open; past it, the story-expiry job's sweep deletes the note (NoteExpirySweep). Its author's next note replaces it as it
/// replaces any last note, and then nothing is left to bring back (a 409). Upheld, the note is deleted as the takedown used to.
/// </summary>
public sealed class NoteReinstatement : IReinstatement
{
    public string TargetType => "note";

    public Task<DateTimeOffset?> EndsAtAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition("SELECT expires_at FROM notes WHERE id = @targetId",
            new { targetId }, tx, cancellationToken: ct));

    // Replaced by its author's next note (notes_user_key): gone for good.
    public Task<bool> CanComeBackAsync(NpgsqlConnection conn, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM notes WHERE id = @targetId AND removed_at IS NOT NULL)",
            new { targetId }, cancellationToken: ct));

    // Kept to the appeal window's end; the takedown held it until its own time only.
    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("UPDATE notes SET held_until = @until WHERE id = @targetId AND removed_at IS NOT NULL",
            new { targetId, until }, tx, cancellationToken: ct));

    // Kept until the decision. False when its author's next note has replaced it already, or its hold has ended (the sweep may
    // be deleting it: the two take the row in turn, and the second finds the first's answer): nothing is left to appeal for.
    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE notes SET held_until = 'infinity' WHERE id = @targetId AND removed_at IS NOT NULL AND held_until > @now",
            new { targetId, now }, tx, cancellationToken: ct)) == 1;

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("DELETE FROM notes WHERE id = @targetId AND removed_at IS NOT NULL", new { targetId }, tx,
            cancellationToken: ct));

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE notes n SET removed_at = NULL, held_until = NULL
             WHERE n.id = @targetId AND n.removed_at IS NOT NULL
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = n.user_id AND a.deleted_at IS NULL)
            """, new { targetId }, tx, cancellationToken: ct)) == 1;
}
