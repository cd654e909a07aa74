using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// /users/me/scheduled-posts: write a post now, publish it later (docs/posts.md "Scheduled posts"). Only the owner sees
/// or changes one; anyone else's id is a 404.
/// </summary>
public sealed class ScheduledPostsApi(NpgsqlDataSource db, AccessTokens tokens, PostWriter writer, ScheduledPosts scheduled, PostReader reader,
    WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>The body is small: ten media references and a caption (as POST /posts).</summary>
    private const int BodyLimit = 32 * 1024;

    private static readonly OwnedSchedule<ScheduledPostRow> Owned = new("scheduled post", ScheduledPostsSql.LockOwned, ScheduledPostsSql.Cancel);

    /// <summary>
    /// POST: validated as POST /posts validates (and <c>publishAt</c> 10 minutes to 75 days ahead), its uploads claimed
    /// at once — so they are checked now, cannot expire meanwhile and cannot be attached to anything else.
    /// </summary>
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<SchedulePostRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var collaborators = PostRules.CollaboratorNames(body.Value!.Collaborators, errors);
        var post = PostRules.Validate(await PostTexts.ComposedAsync(db, body.Value!.Post, ct), errors);
        var publishAt = ScheduledPostRules.PublishAt(body.Value.PublishAt, Timestamps.Now(time), errors);
        if (post is null || publishAt is null || !errors.IsValid) return errors.ToProblem();

        var id = Ids.New(time);
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.LockAccount, new { userId = caller.UserId }, tx, cancellationToken: ct));
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(ScheduledPostsSql.CountPending, new { userId = caller.UserId }, tx,
                    cancellationToken: ct)) >= ScheduledPostRules.MaxPending)
                return Problems.Conflict($"At most {ScheduledPostRules.MaxPending} posts can wait to be published; publish or cancel one first.");
            if (await PostWriter.MusicProblemAsync(conn, tx, post, ct) is { } badClip) return badClip;
            var (media, problem) = await writer.ClaimAllAsync(conn, tx, caller.UserId, post, ct);
            if (problem is not null) return problem;
            // Checked now as POST /posts checks them (a refusal rolls the claims back); invited when it is published.
            for (var i = 0; i < collaborators.Count; i++)
                if ((await PostCollaborators.InviteeAsync(conn, tx, caller.UserId, collaborators[i], ct)).Refusal is { } refusal)
                    return Problems.Validation($"collaborators[{i}]", refusal.Detail);
            var now = Timestamps.Now(time);
            var stored = Normalized(body.Value.Post, post) with { Collaborators = collaborators.Count == 0 ? null : [.. collaborators] };
            await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.Insert,
                new { id, userId = caller.UserId, publishAt, request = ScheduledPosts.Store(stored), now }, tx,
                cancellationToken: ct));
            for (var i = 0; i < media!.Count; i++)
                await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.InsertMedia, new
                {
                    scheduledPostId = id, position = (short)i, media[i].UploadId, media[i].Width, media[i].Height, media[i].DurationSeconds,
                }, tx, cancellationToken: ct));
            // Read in the transaction: a cancel racing in after the commit would leave nothing to answer with.
            var created = await scheduled.OwnedAsync(conn, tx, caller.UserId, id, ct);
            // A post's slot, spent when scheduled, not when published: the job never loses a post to a 429, and pending
            // posts published and replaced one by one cannot pass the allowance.
            if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Post, ct) is { } spent) return spent;
            await tx.CommitAsync(ct);
            return Api.Created($"/api/v1/users/me/scheduled-posts/{id}", created.Single());
        }
    }

    /// <summary>GET: every scheduled post of the caller, soonest first (at most 50, so one answer).</summary>
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(new ScheduledPostList(await scheduled.OwnedAsync(conn, null, caller.UserId, null, ct)));
    }

    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ScheduledPostRules.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Owned.OneOrNotFound(await scheduled.OwnedAsync(conn, null, caller.UserId, scheduledId, ct));
    }

    /// <summary>
    /// PATCH as a merge patch: <c>publishAt</c> (the same bounds), <c>caption</c> and <c>location</c> (null clears),
    /// <c>commentsDisabled</c>, <c>likesDisabled</c>, <c>musicTrackId</c> (null removes the music) and <c>musicStartSeconds</c>
    /// (<see cref="MusicPatch"/>). The media stay as scheduled (cancel and schedule again to change them).
    /// </summary>
    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ScheduledPostRules.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        var errors = new Validation();
        var (body, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        var now = Timestamps.Now(time);
        await ComposedText.WrittenAsync(db, body!, "caption", ct);
        DateTimeOffset? publishAt = body!.Time("publishAt", out var at) ? ScheduledPostRules.Within(at, now, errors) : null;
        var setCaption = body.String("caption", out var caption);
        var setLocation = body.String("location", out var location);
        var setComments = body.Boolean("commentsDisabled", out var commentsDisabled);
        var setLikes = body.Boolean("likesDisabled", out var likesDisabled);
        var music = MusicPatch.Parse(body, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var (row, unavailable) = await Owned.LockAsync(conn, tx, caller.UserId, scheduledId, ct);
            if (unavailable is not null) return unavailable;
            var stored = ScheduledPosts.Request(row!);
            var (clip, badStart) = music.Apply(stored.MusicTrackId, stored.MusicStartSeconds);
            if (badStart is not null) return badStart;
            var changed = stored with
            {
                Caption = setCaption ? caption ?? "" : stored.Caption,
                Location = setLocation ? location : stored.Location,
                CommentsDisabled = setComments ? commentsDisabled : stored.CommentsDisabled,
                LikesDisabled = setLikes ? likesDisabled : stored.LikesDisabled,
                MusicTrackId = clip?.TrackId,
                MusicStartSeconds = clip?.StartSeconds,
            };
            if (PostRules.Validate(changed, errors) is not { } post) return errors.ToProblem();
            if (music.Any && await PostWriter.MusicProblemAsync(conn, tx, post, ct) is { } badClip) return badClip;
            await conn.ExecuteAsync(new CommandDefinition(ScheduledPostsSql.Update, new
            {
                id = scheduledId, publishAt = publishAt ?? row!.PublishAt, request = ScheduledPosts.Store(Normalized(changed, post)), now,
            }, tx, cancellationToken: ct));
            var edited = await scheduled.OwnedAsync(conn, tx, caller.UserId, scheduledId, ct);
            await tx.CommitAsync(ct);
            return Api.Ok(edited.Single());
        }
    }

    /// <summary>DELETE: the post will not be published; its uploads are released for media clean-up.</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ScheduledPostRules.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        return await Owned.CancelAsync(db, caller.UserId, scheduledId, time, ct);
    }

    /// <summary>POST …/publish: publish now instead of at its time; 201 with the post, as POST /posts answers.</summary>
    public async Task<IResult> Publish(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ScheduledPostRules.TryParseId(id, out var scheduledId)) return Owned.NotFound();
        Guid postId;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (row, unavailable) = await Owned.LockAsync(conn, tx, caller.UserId, scheduledId, ct);
        if (unavailable is not null) return unavailable;
        try
        {
            postId = await scheduled.PublishAsync(conn, tx, row!, ct);
        }
        catch (ScheduledPostRefused refused)
        {
            // A rule tightened since it was scheduled, or its music no longer plays: the owner edits it (PATCH) or
            // cancels it first, as the job's failure asks.
            return Problems.Conflict($"{refused.Field}: {refused.Message} " +
                (refused.Field.StartsWith("music", StringComparison.Ordinal) ? "Change or remove the post's music first." : "Edit the scheduled post or cancel it first."));
        }
        // Read before the commit, as POST /posts reads: a deletion committing right after it left a read after the commit
        // nothing, a 404 for a post that was published (and its scheduled row gone, so a retry found nothing either).
        if (await reader.ReadAsync(conn, tx, caller.UserId, postId, ct) is not { } view) return Problems.NotFound("post");
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/posts/{postId}", view);
    }

    /// <summary>What is stored: the request with the trimmed caption, location and alt texts the rules produced.</summary>
    private static CreatePostRequest Normalized(CreatePostRequest request, ValidPost post) => request with
    {
        Caption = post.Caption,
        Location = post.Location,
        CommentsDisabled = post.CommentsDisabled,
        LikesDisabled = post.LikesDisabled,
        MusicStartSeconds = post.Music?.StartSeconds,
        Media = request.Media!.Select((m, i) => (PostMediaRequest?)(m! with { AltText = post.Media[i].AltText })).ToList(),
    };
}
