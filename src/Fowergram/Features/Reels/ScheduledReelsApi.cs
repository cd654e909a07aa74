using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// /users/me/scheduled-reels: write a reel now, share it later (docs/reels.md "Scheduled reels"), as ScheduledPostsApi
/// does for posts. Only the owner sees or changes one; anyone else's id is a 404.
/// </summary>
public sealed class ScheduledReelsApi(NpgsqlDataSource db, AccessTokens tokens, ReelWriter writer, ScheduledReels scheduled, ReelReader reader,
    WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>The body is small: an upload id, a caption and a few numbers (as POST /reels).</summary>
    private const int BodyLimit = JsonBody.LongTextLimitBytes;

    private static readonly OwnedSchedule<ScheduledReelRow> Owned = new("scheduled reel", ScheduledReelsSql.LockOwned, ScheduledReelsSql.Cancel);

    /// <summary>
    /// POST: validated as POST /reels validates (and <c>publishAt</c> 10 minutes to 75 days ahead); the sound and the
    /// remixed reel checked and the video claimed at once — so a bad file or a refused remix is answered now, and the
    /// upload cannot expire meanwhile or be attached to anything else.
    /// </summary>
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<ScheduleReelRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var reel = ReelRules.Validate(body.Value!.Reel with { Caption = await ComposedText.WrittenAsync(db, body.Value!.Reel.Caption, ct) }, errors);
        var publishAt = ScheduledReelRules.PublishAt(body.Value.PublishAt, Timestamps.Now(time), errors);
        if (body.Value.Trial is true) errors.Add("trial", "A scheduled reel cannot be a trial; post it as a trial when it is ready.");
        if (body.Value.TrialAutoShare is true) errors.Add("trialAutoShare", "A scheduled reel cannot be a trial.");
        if (!errors.IsValid) return errors.ToProblem();
        if (reel is null || publishAt is null) return errors.ToProblem();

        var id = Ids.New(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(ScheduledReelsSql.LockAccount, new { userId = caller.UserId }, tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(ScheduledReelsSql.CountPending, new { userId = caller.UserId }, tx,
                cancellationToken: ct)) >= ScheduledReelRules.MaxPending)
            return Problems.Conflict($"At most {ScheduledReelRules.MaxPending} reels can wait to be shared; publish or cancel one first.");
        // Before the claim, so a refusal leaves the slot pending.
        var (_, refused, _) = await ReelWriter.CheckAsync(conn, tx, caller.UserId, reel, ct);
        if (refused is not null) return refused;
        var (media, problem) = await writer.ClaimAsync(conn, tx, caller.UserId, reel, ct);
        if (problem is not null) return problem;
        await conn.ExecuteAsync(new CommandDefinition(ScheduledReelsSql.Insert, new
        {
            id, userId = caller.UserId, publishAt, request = ScheduledReels.Store(Normalized(body.Value.Reel, reel)), media!.UploadId, media.ObjectName,
            media.Width, media.Height, media.DurationSeconds, now = Timestamps.Now(time),
        }, tx, cancellationToken: ct));
        // Read in the transaction: a cancel racing in after the commit would leave nothing to answer with.
        var created = await scheduled.OwnedAsync(conn, tx, caller.UserId, id, ct);
        // The posts-and-reels slot, spent when scheduled (as a scheduled post's): publishing it later spends nothing.
        if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Post, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/users/me/scheduled-reels/{id}", created.Single());
    }

    /// <summary>GET: every scheduled reel of the caller, soonest first (at most 50, so one answer).</summary>
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(new ScheduledReelList(await scheduled.OwnedAsync(conn, null, caller.UserId, null, ct)));
    }

    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Owned.OneOrNotFound(await scheduled.OwnedAsync(conn, null, caller.UserId, scheduledId, ct));
    }

    /// <summary>
    /// PATCH as a merge patch: <c>publishAt</c> (the same bounds), and what PATCH /reels/{id} takes — <c>caption</c> and
    /// <c>location</c> (null clears), <c>commentsDisabled</c>, <c>likesDisabled</c>, <c>allowRemix</c>. The video, its sound
    /// and what it remixes stay as scheduled (cancel and schedule again to change them).
    /// </summary>
    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        var errors = new Validation();
        var (body, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        var now = Timestamps.Now(time);
        await ComposedText.WrittenAsync(db, body!, "caption", ct);
        DateTimeOffset? publishAt = body!.Time("publishAt", out var at) ? ScheduledReelRules.Within(at, now, errors) : null;
        var patch = ReelPatch.Parse(body, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (row, unavailable) = await Owned.LockAsync(conn, tx, caller.UserId, scheduledId, ct);
        if (unavailable is not null) return unavailable;
        var stored = ScheduledReels.Request(row!);
        var changed = stored with
        {
            Caption = patch.SetCaption ? patch.Caption : stored.Caption,
            Location = patch.SetLocation ? patch.Location : stored.Location,
            CommentsDisabled = patch.SetCommentsDisabled ? patch.CommentsDisabled : stored.CommentsDisabled,
            LikesDisabled = patch.SetLikesDisabled ? patch.LikesDisabled : stored.LikesDisabled,
            AllowRemix = patch.SetAllowRemix ? patch.AllowRemix : stored.AllowRemix,
        };
        // The whole request again: a stored one a rule tightened since refuses the edit until it is fixed by it.
        if (ReelRules.Validate(changed, errors) is not { } reel) return errors.ToProblem();
        await conn.ExecuteAsync(new CommandDefinition(ScheduledReelsSql.Update, new
        {
            id = scheduledId, publishAt = publishAt ?? row!.PublishAt, request = ScheduledReels.Store(Normalized(changed, reel)), now,
        }, tx, cancellationToken: ct));
        var edited = await scheduled.OwnedAsync(conn, tx, caller.UserId, scheduledId, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(edited.Single());
    }

    /// <summary>DELETE: the reel will not be shared; its video's upload is released for media clean-up.</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        return await Owned.CancelAsync(db, caller.UserId, scheduledId, time, ct);
    }

    /// <summary>
    /// POST …/publish: share now instead of at its time; 201 with the reel, as POST /reels answers. One that cannot be
    /// shared as it stands (its sound or remixed reel gone) is a 409 saying why, and stays scheduled.
    /// </summary>
    public async Task<IResult> Publish(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        Guid reelId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (row, unavailable) = await Owned.LockAsync(conn, tx, caller.UserId, scheduledId, ct);
        if (unavailable is not null) return unavailable;
        try
        {
            reelId = await scheduled.PublishAsync(conn, tx, row!, ct);
        }
        catch (ScheduledReelRefused refusal)
        {
            return Problems.Conflict(refusal.Message); // rolled back with the transaction: still scheduled
        }
        // Read in the transaction: a deletion committed right after it would leave a later read nothing (a 404 for a reel that stood).
        if (await reader.ReadAsync(conn, tx, caller.UserId, reelId, ct) is not { } view) return Problems.NotFound("reel");
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/reels/{reelId}", view);
    }

    /// <summary>What is stored: the request with the trimmed caption and location and the switches the rules produced.</summary>
    private static CreateReelRequest Normalized(CreateReelRequest request, ValidReel reel) => request with
    {
        Caption = reel.Caption,
        Location = reel.Location,
        CommentsDisabled = reel.CommentsDisabled,
        LikesDisabled = reel.LikesDisabled,
    };
}
