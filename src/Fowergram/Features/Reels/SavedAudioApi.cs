using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Saved audio (docs/reels.md "Saved audio", migration 0133): PUT/DELETE /audio/{id}/save (idempotent, 204; an unknown
/// sound is a 404) and GET /users/me/saved/audio, the saver's private list, newest first. A sound is catalogue data, seen by
/// everyone, so saving needs no visibility rule; nobody is told.
/// </summary>
public sealed class SavedAudioApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Save = """
        INSERT INTO saved_audio (user_id, audio_track_id, created_at)
        SELECT @viewer, a.id, @now FROM audio_tracks a WHERE a.id = @audioTrackId
        ON CONFLICT (user_id, audio_track_id) DO NOTHING
        """;

    private const string Unsave = "DELETE FROM saved_audio WHERE user_id = @viewer AND audio_track_id = @audioTrackId";

    /// <summary>saved_audio_user_recent; each sound with how many reels use it.</summary>
    private static readonly string Saved = $"""
        SELECT a.id, a.title, a.artist, a.duration AS duration_seconds, coalesce(st.usage_count, 0) AS reel_count, s.created_at AS saved_at
          FROM saved_audio s JOIN audio_tracks a ON a.id = s.audio_track_id
          LEFT JOIN audio_track_stats st ON st.track_id = a.id
         WHERE s.user_id = @viewer AND {KeysetSql.Older("s.created_at", "s.audio_track_id")}
         ORDER BY s.created_at DESC, s.audio_track_id DESC
         LIMIT @take
        """;

    public Task<IResult> Add(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Save, ct);

    public Task<IResult> Remove(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Unsave, ct);

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var rows = await KeysetQuery.PageAsync<SavedRow>(conn, Saved, page, new { viewer = caller.UserId }, r => new Cursor(r.SavedAt, r.Id), ct);
        return Api.Ok(new Page<SavedAudio>(rows.Items.Select(r =>
            new SavedAudio(new AudioTrackSummary(r.Id, r.Title, r.Artist, r.DurationSeconds), r.ReelCount, r.SavedAt)).ToList(), rows.NextCursor));
    }

    private async Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var audioTrackId)) return Problems.NotFound("audio track");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { viewer = caller.UserId, audioTrackId, now = Timestamps.Now(time) };
        // Tokens outlive accounts; a purge deleting the row between a check and the insert failed saved_audio's foreign key.
        if (!await People.LockLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ReelsSql.AudioTrackExists, args, tx, cancellationToken: ct))) return Problems.NotFound("audio track");
        await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private sealed class SavedRow
    {
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public string Artist { get; init; } = "";
        public int DurationSeconds { get; init; }
        public long ReelCount { get; init; }
        public DateTimeOffset SavedAt { get; init; }
    }
}
