using Dapper;
using Fowergram.Features.Music;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>What PATCH /posts/{id} makes of the post's music (<see cref="MusicPatch"/>), checked against the catalogue as POST /posts checks it.</summary>
internal static class PostMusicEdit
{
    /// <summary>The post's clip now (the row is locked by the edit).</summary>
    private const string Current = "SELECT music_track_id AS track_id, music_start_seconds AS start_seconds FROM posts WHERE id = @postId";

    /// <summary>The clip after the patch (null: none), whether its track is one the post did not play before (a new use), or the 400.</summary>
    public static async Task<(MusicClip? Clip, bool NewTrack, IResult? Problem)> ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        Guid postId, MusicPatch patch, CancellationToken ct)
    {
        var current = await conn.QuerySingleAsync<CurrentClip>(new CommandDefinition(Current, new { postId }, tx, cancellationToken: ct));
        var (clip, problem) = patch.Apply(current.TrackId, current.StartSeconds);
        if (problem is not null) return (null, false, problem);
        if (clip is not null && await MusicClips.ProblemAsync(conn, tx, clip.TrackId, clip.StartSeconds, ct) is { } badClip)
            return (null, false, badClip);
        return (clip, clip is not null && clip.TrackId != current.TrackId, null);
    }

    private sealed class CurrentClip
    {
        public Guid? TrackId { get; init; }
        public int? StartSeconds { get; init; }
    }
}
