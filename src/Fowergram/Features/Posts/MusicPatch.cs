using Fowergram.Features.Music;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Posts;

/// <summary>
/// The music members of a post's or a scheduled post's merge patch (docs/posts.md "Music"): <c>musicTrackId</c> (another
/// track, or null to remove the music) and <c>musicStartSeconds</c>. A new track without a start plays from 0; a start
/// alone moves the clip of the track the post plays (a 400 when it plays none).
/// </summary>
internal sealed record MusicPatch(bool SetTrack, Guid? TrackId, bool SetStart, int? StartSeconds)
{
    public bool Any => SetTrack || SetStart;

    /// <summary>What can be said without the post and the catalogue (as MusicClips.Check says it for a new post).</summary>
    public static MusicPatch Parse(MergePatch body, Validation v)
    {
        var (setTrack, trackId, setStart, startSeconds) = (false, (Guid?)null, false, (int?)null);
        if (body.String("musicTrackId", out var track))
        {
            if (track is null) setTrack = true;
            else if (Guid.TryParse(track, out var id)) (setTrack, trackId) = (true, id);
            else v.Add("musicTrackId", "Must be the id of a music track, or null to remove the music.");
        }
        if (body.Integer("musicStartSeconds", out var start))
        {
            if (start < 0) v.Add("musicStartSeconds", "Must not be negative.");
            else (setStart, startSeconds) = (true, start);
        }
        return new MusicPatch(setTrack, trackId, setStart, startSeconds);
    }

    /// <summary>The clip after the patch (null: none) from the one played now, or the 400 for a start without a track.</summary>
    public (MusicClip? Clip, IResult? Problem) Apply(Guid? currentTrack, int? currentStart)
    {
        var track = SetTrack ? TrackId : currentTrack;
        if (track is not { } trackId)
            return (null, SetStart ? Problems.Validation("musicStartSeconds", "Only with a musicTrackId.") : null);
        return (new MusicClip(trackId, StartSeconds ?? (trackId == currentTrack ? currentStart ?? 0 : 0)), null);
    }
}
