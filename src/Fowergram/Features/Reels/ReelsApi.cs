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

namespace Fowergram.Features.Reels;

/// <summary>POST /reels, GET /reels/{id}, and the author's PATCH and DELETE (anyone else's id is a 404).</summary>
public sealed class ReelsApi(NpgsqlDataSource db, AccessTokens tokens, ReelWriter writer, ReelReader reader, IOptions<ReelsOptions> options,
    WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>The body is small: an upload id, a caption and a few numbers.</summary>
    private const int BodyLimit = JsonBody.LongTextLimitBytes;

    /// <summary>
    /// One transaction: the remixed reel checked (docs/reels.md "Remixes"), the upload claimed (validated, marked used), the
    /// reel and its stats row, reel.created. Any refusal rolls everything back, so the slot is pending again and nothing points at it.
    /// The answer is read in the transaction too: a deletion committed right after it would leave a later read nothing, a 404
    /// for a reel that stood (and a client retrying would post it twice).
    /// </summary>
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateReelRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var input = body.Value! with { Caption = await ComposedText.WrittenAsync(db, body.Value!.Caption, ct) };
        if (ReelRules.Validate(input, errors) is not { } reel) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct))
            return Problems.AccountGone();
        if (reel.Trial && await TrialReelRules.RefusedAsync(conn, tx, caller.UserId, ct) is { } notForTrials) return notForTrials;
        // Before the claim, so a refusal leaves the slot pending; the original stays key-share locked until commit.
        var (remixOf, refused, _) = await ReelWriter.CheckAsync(conn, tx, caller.UserId, reel, ct);
        if (refused is not null) return refused;
        var (media, problem) = await writer.ClaimAsync(conn, tx, caller.UserId, reel, ct);
        if (problem is not null) return problem;
        var reelId = await writer.InsertAsync(conn, tx, caller.UserId, reel, media!, remixOf, ct);
        if (await reader.ReadAsync(conn, tx, caller.UserId, reelId, ct) is not { } view) return Problems.NotFound("reel");
        if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Post, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/reels/{reelId}", view);
    }

    /// <summary>Anyone may read what they may see; everything else (missing, deleted, private, blocked) is 404.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await reader.ReadForReaderAsync(conn, caller?.UserId, reelId, ct) is { } view
            ? Api.Ok(view)
            : await GoneCaller.NotFoundAsync(conn, caller?.UserId, "reel", ct);
    }

    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        var errors = new Validation();
        var (body, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        await ComposedText.WrittenAsync(db, body!, "caption", ct);
        var patch = ReelPatch.Parse(body!, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            var args = new
            {
                reelId, callerId = caller.UserId, now = Timestamps.Now(time), patch.SetCaption, patch.Caption,
                patch.SetCommentsDisabled, patch.CommentsDisabled, patch.SetLikesDisabled, patch.LikesDisabled, patch.SetAllowRemix, patch.AllowRemix,
                patch.SetLocation, patch.Location,
            };
            var own = await conn.QuerySingleOrDefaultAsync<OwnReel>(new CommandDefinition(ReelsSql.LockOwn, args, tx, cancellationToken: ct));
            if (own is null) return Problems.NotFound("reel");
            if (patch.Any)
            {
                await conn.ExecuteAsync(new CommandDefinition(ReelsSql.Update, args, tx, cancellationToken: ct));
                Guid[] retagged = [];
                if (patch.SetCaption)
                {
                    await ReelMentions.WriteCaptionAsync(conn, tx, time, caller.UserId, reelId, patch.Caption, raiseAll: false, ct);
                    retagged = await ReelHashtags.WriteAsync(conn, tx, time, reelId, patch.Caption, ct);
                }
                await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Updated, caller.UserId,
                    ReelEvent.Of(reelId, caller.UserId, own.AudioTrackId) with { ChangedHashtagIds = retagged.Length > 0 ? retagged : null }, ct);
            }
            // Read in the transaction: a deletion committed right after it would leave a later read nothing (a 404 for an edit that stood).
            if (await reader.ReadAsync(conn, tx, caller.UserId, reelId, ct) is not { } view) return Problems.NotFound("reel");
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }

    /// <summary>
    /// Soft delete: the reel leaves every read at once and waits in the author's "Recently deleted" (ReelsRecentlyDeletedApi);
    /// its video and cover are released to media-cleanup as of the end of that window (ReelsSql.SoftDelete).
    /// </summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var now = Timestamps.Now(time);
        if (!await ReelTakedown.RemoveAsync(conn, tx, time, caller.UserId, reelId, caller.UserId, now, ct, options.Value.RestorableUntil(now)))
            return Problems.NotFound("reel");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private sealed class OwnReel
    {
        public Guid Id { get; init; }
        public Guid? AudioTrackId { get; init; }
    }
}
