using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>POST /live (create), GET /live/{id}, GET /live/mine and GET /live/following.</summary>
public sealed class LiveStreamsApi(NpgsqlDataSource db, AccessTokens tokens, LiveReader reader, IOptions<LiveOptions> options, TimeProvider time, IdempotentRequests idempotency)
{
    private const int BodyLimit = 16 * 1024;

    /// <summary>
    /// A broadcast in 'scheduled' (not started; scheduledAt null means "ready, no time set") with its stats row. The stream
    /// key is 32 random bytes shown in this answer only; the row keeps its SHA-256 (SecretToken, as refresh tokens).
    /// </summary>
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var live = options.Value;
        if (!live.IsConfigured)
            return Problems.Unavailable("Live streaming is not configured on this deployment (Live:IngestUrl and Live:PlaybackUrlTemplate are not set).");
        var body = await JsonBody.ReadAsync<CreateLiveRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var now = Timestamps.Now(time);
        var errors = new Validation();
        var sent = body.Value!;
        var written = await ComposedText.WrittenAsync(db, [(sent.Title, LiveRules.MaxTitle), (sent.Description, LiveRules.MaxDescription)], ct);
        if (LiveRules.Validate(sent with { Title = written[0], Description = written[1] }, now, errors) is not { } valid) return errors.ToProblem();

        var streamId = Ids.New(time);
        var key = SecretToken.New();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct))
                return Problems.AccountGone();
            await conn.ExecuteAsync(new CommandDefinition(LiveSql.Insert, new
            {
                id = streamId, ownerId = caller.UserId, valid.Title, valid.Description, keyHash = SecretToken.Hash(key),
                ingestUrl = live.IngestUrl, playbackUrl = live.PlaybackUrl(streamId), valid.ScheduledAt, now,
            }, tx, cancellationToken: ct));
            // Read before the commit (LiveReader.ReadAsync): after it, a suspension landing in between answered 404 for a
            // broadcast that had been made, its key never shown.
            if (await reader.ReadAsync(conn, caller.UserId, streamId, ct, tx) is not { } view) return Problems.NotFound("live stream");
            await tx.CommitAsync(ct);
            return Api.Created($"/api/v1/live/{streamId}", new CreatedLiveStream(view, live.IngestUrl!, key));
        }
    }

    /// <summary>Anyone may read a broadcast whose broadcaster's content they may see; everything else is 404.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await reader.ReadShownAsync(conn, caller?.UserId, streamId, ct) is { } view
            ? Api.Ok(view) : await GoneCaller.NotFoundAsync(conn, caller?.UserId, "live stream", ct);
    }

    /// <summary>The caller's broadcasts, every status, newest created first.</summary>
    public async Task<IResult> Mine(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        return Api.Ok(await reader.PageAsync(conn, caller.UserId, LiveSql.Mine, page, new { ownerId = caller.UserId }, ct));
    }

    /// <summary>How late a scheduled broadcast may be and still be listed as upcoming.</summary>
    public static readonly TimeSpan UpcomingGrace = TimeSpan.FromDays(1);

    /// <summary>Scheduled broadcasts of accounts the caller follows, soonest first (each with isReminderSet).</summary>
    public async Task<IResult> Upcoming(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var upcoming = await reader.PageAsync(conn, caller.UserId, LiveSql.Upcoming, page,
            new { viewer = caller.UserId, since = time.GetUtcNow() - UpcomingGrace }, ct);
        // The statement reads nothing for a gone account: only an empty page asks which it was (docs/accounts.md "Sessions").
        if (upcoming.Items.Count == 0 && !await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(upcoming);
    }

    /// <summary>
    /// GET /live/popular?limit=: live broadcasts the caller may see, most watched first (limit 1–50, default 20). A ranking
    /// of counts that change by the second has no stable keyset, so it is a top list, as trending reels are.
    /// </summary>
    public async Task<IResult> Popular(HttpRequest request, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(LiveSql.Popular, new { viewer = caller?.UserId, limit }, cancellationToken: ct))).ToList();
        if (ids.Count == 0 && caller is not null && !await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(new PopularLiveStreams(await reader.LoadAsync(conn, caller?.UserId, ids, ct)));
    }

    /// <summary>Live broadcasts of accounts the caller follows, most recently started first.</summary>
    public async Task<IResult> Following(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone(); // the caller's own data: not a gone account's
        return Api.Ok(await reader.PageAsync(conn, caller.UserId, LiveSql.Following, page, new { viewer = caller.UserId }, ct));
    }
}
