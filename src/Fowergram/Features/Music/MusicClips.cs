using System.Text.Json;
using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Music;

/// <summary>A clip that passed <see cref="MusicClips.Check"/>: the track and where in it the clip starts (0 when not given).</summary>
internal sealed record MusicClip(Guid TrackId, int StartSeconds);

/// <summary>
/// A clip of a catalogue track that a story, a note or a post plays (musicTrackId, and musicStartSeconds into it): the
/// same rules for all, so a client validates one way.
/// </summary>
internal static class MusicClips
{
    /// <summary>
    /// Key-share locked, as the foreign key of the write that follows locks it: in a transaction, a withdrawal of the track
    /// waits for the write (and then silences it) instead of failing it after the check passed.
    /// </summary>
    private const string Duration = "SELECT duration FROM music_tracks WHERE id = @trackId FOR KEY SHARE";

    /// <summary>What can be said without the catalogue: a start needs a track and is not negative.</summary>
    public static void Check(Guid? trackId, int? startSeconds, Validation errors)
    {
        if (startSeconds is not { } start) return;
        if (trackId is null) errors.Add("musicStartSeconds", "Only with a musicTrackId.");
        else if (start < 0) errors.Add("musicStartSeconds", "Must not be negative.");
    }

    /// <summary>The clip of a request that passed <see cref="Check"/>; null without a track.</summary>
    public static MusicClip? Of(Guid? trackId, int? startSeconds) => trackId is { } track ? new MusicClip(track, startSeconds ?? 0) : null;

    /// <summary>A 400 for a track that is not in the catalogue or a start past its end; null when the clip plays.</summary>
    public static async Task<IResult?> ProblemAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid trackId, int startSeconds, CancellationToken ct) =>
        await RefusalAsync(conn, tx, trackId, startSeconds, ct) is { } refusal ? Problems.Validation(refusal.Field, refusal.Message) : null;

    /// <summary>The field and message of <see cref="ProblemAsync"/>'s 400, for callers that do not answer a request (a job).</summary>
    public static async Task<(string Field, string Message)?> RefusalAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid trackId,
        int startSeconds, CancellationToken ct)
    {
        var duration = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(Duration, new { trackId }, tx, cancellationToken: ct));
        if (duration is null) return ("musicTrackId", "No such music track.");
        return startSeconds >= duration ? ("musicStartSeconds", $"Must be less than the track's {duration} seconds.") : null;
    }

    /// <summary>
    /// A SQL expression for the clip's view (<see cref="FromJson"/>) from a row's track and start columns: one primary-key
    /// probe of music_tracks, and only for a row that has a track (a CASE, so rows without music cost nothing); null
    /// without a track or when the track left the catalogue.
    /// </summary>
    public static string JsonOf(string trackId, string startSeconds) => $"""
        CASE WHEN {trackId} IS NOT NULL THEN
        (SELECT json_build_object('trackId', mt.id, 'title', mt.title, 'artist', mt.artist, 'startSeconds', coalesce({startSeconds}, 0),
                                  'previewUrl', mt.preview_url, 'coverArtUrl', mt.cover_art_url)
           FROM music_tracks mt WHERE mt.id = {trackId}) END
        """;

    public static MusicClipView? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<MusicClipView>(json, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
