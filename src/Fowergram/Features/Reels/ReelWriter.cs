using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>A claimed video as a reel stores it: the upload, its object, and the length and size the file gave (else the client's).</summary>
internal sealed record ReelClaim(Guid UploadId, string ObjectName, int DurationSeconds, int Width, int Height);

/// <summary>
/// Creates reels in three steps shared by POST /reels (all three in one transaction) and scheduled reels (checked and
/// claimed when scheduled; checked again and inserted when published, since the sound or the remixed reel may be gone by
/// then): <see cref="CheckAsync"/>, <see cref="ClaimAsync"/>, <see cref="InsertAsync"/>.
/// </summary>
public sealed class ReelWriter(MediaUploads uploads, TimeProvider time)
{
    /// <summary>
    /// The sound exists and the remixed reel may be remixed by <paramref name="authorId"/> (docs/reels.md "Remixes"); the
    /// original stays key-share locked until commit. Returns what reel.created says of the remix, or the refusal and the
    /// field it is about (audioTrackId, remixOfId), so a scheduled reel's failure can say which.
    /// </summary>
    internal static async Task<(ReelEventRemix? RemixOf, IResult? Problem, string? Field)> CheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        Guid authorId, ValidReel reel, CancellationToken ct)
    {
        if (reel.AudioTrackId is { } audioTrackId &&
            !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(ReelsSql.AudioTrackExists, new { audioTrackId }, tx, cancellationToken: ct)))
            return (null, Problems.Validation("audioTrackId", "No audio track has this id."), "audioTrackId");
        if (reel.RemixOfId is not { } originalId) return (null, null, null);
        var remix = await ReelRemixes.CheckAsync(conn, tx, authorId, originalId, ct);
        return remix.Refusal is not null ? (null, remix.Refusal, "remixOfId") : (new ReelEventRemix(originalId, remix.AuthorId), null, null);
    }

    /// <summary>
    /// Claims the video (validated and marked used in <paramref name="tx"/>) with what the file says of its length and size;
    /// the length limit holds for the real length. A refusal is the problem to answer with (roll back).
    /// </summary>
    internal async Task<(ReelClaim? Claim, IResult? Problem)> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid authorId, ValidReel reel,
        CancellationToken ct)
    {
        var claim = await uploads.ClaimAsync(conn, tx, authorId, reel.UploadId, MediaPurpose.Reel, ct);
        if (!claim.Succeeded) return (null, claim.ToProblem("uploadId"));
        var measured = claim.Media!.Facts;
        var duration = measured.DurationSeconds ?? reel.DurationSeconds;
        if (duration is < 1 or > ReelRules.MaxDurationSeconds)
            return (null, Problems.Validation("durationSeconds",
                $"The video is {duration} seconds long; a reel is 1 to {ReelRules.MaxDurationSeconds} seconds."));
        return (new ReelClaim(claim.Media.UploadId, claim.Media.ObjectName, duration, measured.Width ?? reel.Width, measured.Height ?? reel.Height), null);
    }

    /// <summary>
    /// Writes the reel now in <paramref name="tx"/>: the reel and its stats row, mention events, hashtags and reel.created
    /// (with <paramref name="remixOf"/> from <see cref="CheckAsync"/>, which must have passed in the same transaction).
    /// </summary>
    internal async Task<Guid> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid authorId, ValidReel reel, ReelClaim media,
        ReelEventRemix? remixOf, CancellationToken ct)
    {
        var reelId = Ids.New(time);
        await conn.ExecuteAsync(new CommandDefinition(ReelsSql.Insert, new
        {
            id = reelId, authorId, uploadId = media.UploadId, media.ObjectName, reel.Caption, reel.AudioTrackId, duration = media.DurationSeconds,
            width = media.Width, height = media.Height, reel.CommentsDisabled, reel.LikesDisabled, reel.RemixOfId, reel.AllowRemix, reel.Location,
            now = Timestamps.Now(time), reel.Trial, reel.TrialAutoShare, trialEndsAt = Timestamps.Now(time) + TrialReelRules.Length,
        }, tx, cancellationToken: ct));
        await ReelMentions.WriteCaptionAsync(conn, tx, time, authorId, reelId, reel.Caption, raiseAll: false, ct);
        await ReelHashtags.WriteAsync(conn, tx, time, reelId, reel.Caption, ct);
        await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Created, authorId,
            ReelEvent.Of(reelId, authorId, reel.AudioTrackId) with { RemixOf = remixOf }, ct);
        return reelId;
    }
}
