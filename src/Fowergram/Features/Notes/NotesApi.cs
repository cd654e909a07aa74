using Dapper;
using Fowergram.Features.Music;
using Fowergram.Features.Social;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Notes;

/// <summary>
/// Notes (docs/notes.md, migration 0109): PUT/DELETE /users/me/note sets or ends the caller's note (one at a time, a day
/// long), GET /notes is the tray of notes shown to the caller, PUT/DELETE /notes/{id}/like likes one.
/// </summary>
public sealed class NotesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public const int MaxLength = 60;
    public const int TrayLimit = 100;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private static readonly string[] Audiences = ["mutuals", "close_friends"];

    public async Task<IResult> Set(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<SetNoteRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var text = (await ComposedText.WrittenAsync(db, body.Value!.Text, MaxLength, ct))?.Trim() ?? ""; // docs/api.md "Composed text"
        var audience = body.Value.Audience ?? "mutuals";
        var errors = new Validation().Required("text", text).OneOf("audience", audience, Audiences);
        if (TextRules.Characters(text) > MaxLength) errors.Add("text", $"Must be at most {MaxLength} characters.");
        if (!TextRules.IsOneLine(text))
            errors.Add("text", "Must be one line without control characters.");
        var (trackId, start) = (body.Value.MusicTrackId, body.Value.MusicStartSeconds);
        MusicClips.Check(trackId, start, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var now = Timestamps.Now(time);
        var args = new
        {
            noteId = Ids.New(time), viewer = caller.UserId, text, audience, now, expiresAt = now + Lifetime,
            musicTrackId = trackId, musicStartSeconds = trackId is null ? (int?)null : start ?? 0,
        };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (trackId is { } track && await MusicClips.ProblemAsync(conn, tx, track, start ?? 0, ct) is { } badClip) return badClip;
        await conn.ExecuteAsync(new CommandDefinition(NotesSql.Replace, args, tx, cancellationToken: ct));
        // The read hides gone accounts' notes: a suspension or deletion committing since the check above leaves it empty, and
        // the note is not kept (the transaction rolls back) — the 401 a request a moment later would get, not a 500.
        if (await conn.QuerySingleOrDefaultAsync<NoteRow>(new CommandDefinition(NotesSql.One, args, tx, cancellationToken: ct)) is not { } row)
            return Problems.AccountGone();
        // A note made with a track is a use of it, as a story is (docs/notes.md "Music"): counted with the note, in its
        // transaction, so each note counts once and a refused one not at all.
        if (trackId is { } used) await MusicUsage.AddAsync(conn, tx, used, 1, now, ct);
        await tx.CommitAsync(ct);
        return Api.Created("/api/v1/notes", row.ToView(caller.UserId));
    }

    /// <summary>Ends the caller's note (204 whether or not there was one).</summary>
    public async Task<IResult> Delete(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await LiveCaller.RunAsync(conn, NotesSql.Delete, new { viewer = caller.UserId }, ct)).Live ? Api.NoContent() : Problems.AccountGone();
    }

    /// <summary>The caller's own note first, then the notes shown to them, newest first (at most <see cref="TrayLimit"/>).</summary>
    public async Task<IResult> Tray(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        var rows = await conn.QueryAsync<NoteRow>(new CommandDefinition(NotesSql.Tray,
            new { viewer = caller.UserId, now = Timestamps.Now(time), take = TrayLimit }, cancellationToken: ct));
        return Api.Ok(new ItemsResponse<NoteView>(rows.Select(r => r.ToView(caller.UserId)).ToList()));
    }

    public Task<IResult> Like(HttpRequest request, string id, CancellationToken ct) => ChangeLikeAsync(request, id, liked: true, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, CancellationToken ct) => ChangeLikeAsync(request, id, liked: false, ct);

    /// <summary>
    /// Idempotent; a note the caller cannot see (gone, expired, not for them) is a 404, their own a 400 — except that a liker
    /// may always take their own like back (as from a post: UnlikeUnseenPostTests), from a note no longer shown to them (a
    /// block, a privacy switch, expiry, a removal): 204 while their like is there, the 404 of a missing note when it is not.
    /// </summary>
    private async Task<IResult> ChangeLikeAsync(HttpRequest request, string id, bool liked, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var noteId)) return Problems.NotFound("note");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var args = new { noteId, viewer = caller.UserId, now = Timestamps.Now(time) };
        var note = await conn.QuerySingleOrDefaultAsync<NoteRow>(new CommandDefinition(NotesSql.LockOne, args, tx, cancellationToken: ct));
        if (note is null) return liked ? Problems.NotFound("note") : await UnlikeUnseenAsync(conn, tx, noteId, caller.UserId, ct);
        if (note.AuthorId == caller.UserId) return Problems.Validation("id", "You cannot like your own note.");
        if (await conn.ExecuteAsync(new CommandDefinition(liked ? NotesSql.Like : NotesSql.Unlike, args, tx, cancellationToken: ct)) == 1)
            await Outbox.EnqueueAsync(conn, tx, time, liked ? NoteEvents.Liked : NoteEvents.Unliked, caller.UserId,
                NoteLikeEvent.Of(noteId, note.AuthorId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    // The like row names its note, so its author is known without the note being shown: the notice goes as after any unlike.
    private async Task<IResult> UnlikeUnseenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid noteId, Guid caller, CancellationToken ct)
    {
        var authorId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(NotesSql.UnlikeUnseen,
            new { noteId, viewer = caller }, tx, cancellationToken: ct));
        if (authorId is not { } author) return Problems.NotFound("note");
        await Outbox.EnqueueAsync(conn, tx, time, NoteEvents.Unliked, caller, NoteLikeEvent.Of(noteId, author), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
