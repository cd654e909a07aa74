using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Music;

/// <summary>
/// A clip of a catalogue track that a story or a note plays (musicTrackId, and musicStartSeconds into it): the same rules
/// for both, so a client validates one way.
/// </summary>
internal static class MusicClips
{
    private const string Duration = "SELECT duration FROM music_tracks WHERE id = @trackId";

    /// <summary>What can be said without the catalogue: a start needs a track and is not negative.</summary>
    public static void Check(Guid? trackId, int? startSeconds, Validation errors)
    {
        if (startSeconds is not { } start) return;
        if (trackId is null) errors.Add("musicStartSeconds", "Only with a musicTrackId.");
        else if (start < 0) errors.Add("musicStartSeconds", "Must not be negative.");
    }

    /// <summary>A 400 for a track that is not in the catalogue or a start past its end; null when the clip plays.</summary>
    public static async Task<IResult?> ProblemAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid trackId, int startSeconds, CancellationToken ct)
    {
        var duration = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(Duration, new { trackId }, tx, cancellationToken: ct));
        if (duration is null) return Problems.Validation("musicTrackId", "No such music track.");
        return startSeconds >= duration ? Problems.Validation("musicStartSeconds", $"Must be less than the track's {duration} seconds.") : null;
    }
}
