using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.Media;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>POST /videos, GET /videos/{id}, and the owner's PATCH and DELETE (anyone else's id is a 404).</summary>
public sealed class VideosApi(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, VideoReader reader, IOptions<VideosOptions> options,
    WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>The body is small: an upload id, a title, a description and a few values.</summary>
    private const int BodyLimit = JsonBody.LongTextLimitBytes;

    /// <summary>
    /// One transaction: the upload claimed (validated, marked used), the video and its stats row, igtv_video.created. Any
    /// refusal rolls everything back, so the slot is pending again and nothing points at it. The answer is read in the transaction
    /// too: a deletion committed right after it would leave a later read nothing, a 404 for a video that stood (and a client
    /// retrying would post it twice).
    /// </summary>
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateVideoRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var (title, description) = await VideoRules.ComposedAsync(db, body.Value!.Title, body.Value.Description, ct);
        if (VideoRules.Validate(body.Value! with { Title = title, Description = description }, errors) is not { } video) return errors.ToProblem();

        var videoId = Ids.New(time);
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct))
                return Problems.AccountGone();
            if (video.SeriesId is { } seriesId)
            {
                if (!await VideoAccess.OwnsSeriesAsync(conn, tx, caller.UserId, seriesId, ct)) return Problems.NotFound("series");
                if (!await SeriesCapacity.HasRoomAsync(conn, tx, seriesId, ct)) return SeriesCapacity.Full();
            }
            var claim = await uploads.ClaimAsync(conn, tx, caller.UserId, video.UploadId, MediaPurpose.Video, ct);
            if (!claim.Succeeded) return claim.ToProblem("uploadId");
            // What the file says wins over what the client declared; the length limit holds for the real length.
            var duration = claim.Media!.Facts.DurationSeconds ?? video.DurationSeconds;
            if (duration is < 1 or > VideoRules.MaxDurationSeconds)
                return Problems.Validation("durationSeconds", $"The video is {duration} seconds long; a video is 1 to {VideoRules.MaxDurationSeconds} seconds.");
            await conn.ExecuteAsync(new CommandDefinition(VideosSql.Insert, new
            {
                id = videoId, ownerId = caller.UserId, video.SeriesId, uploadId = claim.Media.UploadId, claim.Media.ObjectName, video.Title,
                video.Description, duration, video.Published, video.CommentsDisabled, now,
            }, tx, cancellationToken: ct));
            await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Created, caller.UserId, VideoEvent.Of(videoId, caller.UserId), ct);
            if (video.Published) await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Published, caller.UserId, VideoEvent.Of(videoId, caller.UserId), ct);
            if (await reader.ReadAsync(conn, tx, caller.UserId, videoId, ct) is not { } view) return Problems.NotFound("video");
            if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Video, ct) is { } spent) return spent;
            await tx.CommitAsync(ct);
            return Api.Created($"/api/v1/videos/{videoId}", view);
        }
    }

    /// <summary>Anyone may read what they may see; everything else (missing, deleted, someone else's draft, private, blocked) is 404.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await reader.ReadForReaderAsync(conn, caller?.UserId, videoId, ct) is { } view
            ? Api.Ok(view)
            : await GoneCaller.NotFoundAsync(conn, caller?.UserId, "video", ct);
    }

    /// <summary>Merge patch of title, description, series (own series only; null takes the video out of its series) and commentsDisabled.</summary>
    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        var errors = new Validation();
        var (body, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        await ComposedText.WrittenAsync(db, body!, VideoRules.ComposedFields, ct);
        var patch = VideoPatch.Parse(body!, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            var args = new
            {
                videoId, callerId = caller.UserId, now = Timestamps.Now(time), patch.SetTitle, patch.Title, patch.SetDescription,
                patch.Description, patch.SetSeries, patch.SeriesId, patch.SetCommentsDisabled, patch.CommentsDisabled,
            };
            // The series before the video: its deletion and a reorder lock the series and then its videos, so an edit holding
            // the video while it waits for the series would deadlock with them (a 503 for one of the two). A move holds the
            // series it leaves too (VideosSql.LockSeriesOfMove).
            var held = patch.SetSeries
                ? (await conn.QueryAsync<Guid>(new CommandDefinition(VideosSql.LockSeriesOfMove, args, tx, cancellationToken: ct))).ToHashSet()
                : [];
            var video = await conn.QuerySingleOrDefaultAsync<LockedVideo>(new CommandDefinition(VideosSql.LockOwnInSeries, args, tx, cancellationToken: ct));
            if (video is null) return Problems.NotFound("video");
            if (patch.SeriesId is { } seriesId && !held.Contains(seriesId)) return Problems.NotFound("series");
            if (patch.SetSeries && video.SeriesId is { } current && !held.Contains(current))
                return Problems.Conflict("The video moved to another series while this edit waited; read it again and resend.");
            if (patch.SeriesId is { } joined && joined != video.SeriesId && !await SeriesCapacity.HasRoomAsync(conn, tx, joined, ct))
                return SeriesCapacity.Full();
            if (patch.Any)
            {
                await conn.ExecuteAsync(new CommandDefinition(VideosSql.Update, args, tx, cancellationToken: ct));
                await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Updated, caller.UserId, VideoEvent.Of(videoId, caller.UserId), ct);
            }
            // Read in the transaction: a deletion committed right after it would leave a later read nothing (a 404 for an edit that stood).
            if (await reader.ReadAsync(conn, tx, caller.UserId, videoId, ct) is not { } view) return Problems.NotFound("video");
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }

    /// <summary>
    /// Soft delete: the video leaves every read at once and waits in the author's "Recently deleted" (VideosRecentlyDeletedApi);
    /// its file and cover are released to media-cleanup as of the end of that window (VideosSql.SoftDelete).
    /// </summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var now = Timestamps.Now(time);
        if (!await VideoTakedown.RemoveAsync(conn, tx, time, caller.UserId, videoId, caller.UserId, now, ct, options.Value.RestorableUntil(now)))
            return Problems.NotFound("video");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private sealed class LockedVideo
    {
        public Guid Id { get; init; }
        public Guid? SeriesId { get; init; }
    }
}
