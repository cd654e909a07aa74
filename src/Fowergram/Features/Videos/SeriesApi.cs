using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Series of long-form videos: the owner creates, edits and deletes them (deleting keeps the videos, outside any series);
/// anyone who may see the owner's content reads them with their published videos in the episode order the owner sets.
/// </summary>
public sealed class SeriesApi(NpgsqlDataSource db, AccessTokens tokens, VideoReader reader, TimeProvider time, IdempotentRequests idempotency)
{
    private const int BodyLimit = JsonBody.LongTextLimitBytes;

    /// <summary>
    /// A full order (<see cref="SeriesCapacity.MaxVideos"/> ids of 39 bytes: 39 KB) with room for indentation, so that an order
    /// one id too long gets the cap's 400 naming videoIds, not a 413.
    /// </summary>
    private const int ReorderBodyLimit = 64 * 1024;

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateSeriesRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var (rawTitle, rawDescription) = await VideoRules.ComposedAsync(db, body.Value!.Title, body.Value.Description, ct);
        var title = VideoRules.Title(rawTitle, errors);
        var description = VideoRules.Description(rawDescription, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var seriesId = Ids.New(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct))
                return Problems.AccountGone();
            await conn.ExecuteAsync(new CommandDefinition(SeriesSql.Insert,
                new { id = seriesId, ownerId = caller.UserId, title, description, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
            // Read in the transaction: a deletion committed right after it would leave a later read nothing (a 404 for a series that stood).
            if (await ReadAsync(conn, tx, caller.UserId, seriesId, ct) is not { } view) return Problems.NotFound("series");
            await tx.CommitAsync(ct);
            return Api.Created($"/api/v1/series/{seriesId}", view);
        }
    }

    /// <summary>
    /// GET /series/{id}: the series and a page of its published videos, oldest first (episode order); a token whose account is
    /// gone reads nothing (401).
    /// </summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!VideoAccess.TryParseId(id, out var seriesId)) return Problems.NotFound("series");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReadAsync(conn, null, VideoReadSql.OneSeriesForReader, viewer, seriesId, ct) is not { } series)
            return await GoneCaller.NotFoundAsync(conn, viewer, "series", ct);
        return Api.Ok(new SeriesWithVideos(series, await EpisodesAsync(conn, null, viewer, seriesId, page, ct)));
    }

    /// <summary>
    /// PUT /series/{id}/order: the owner sets the episode order. The list must name every live video of the series, drafts
    /// included, exactly once (409 when it does not: the client's picture of the series is stale), and so at most
    /// <see cref="SeriesCapacity.MaxVideos"/>; answers the series and its first page in the new order.
    /// </summary>
    public async Task<IResult> Reorder(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var seriesId)) return Problems.NotFound("series");
        var body = await JsonBody.ReadAsync<ReorderSeriesRequest>(request, ct, ReorderBodyLimit);
        if (body.Error is not null) return body.Error;
        if (body.Value!.VideoIds is not { } order) return Problems.Validation("videoIds", "Required: the series' videos in episode order.");
        if (order.Count > SeriesCapacity.MaxVideos) return SeriesCapacity.OrderTooLong();
        if (order.Distinct().Count() != order.Count) return Problems.Validation("videoIds", "Each video may appear only once.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            if (!await VideoAccess.OwnsSeriesAsync(conn, tx, caller.UserId, seriesId, ct)) return Problems.NotFound("series");
            if (await SeriesCapacity.LiveVideoIdsAsync(conn, tx, seriesId, ct) is not { } live) return SeriesCapacity.OverCap();
            if (!live.SetEquals(order))
                return Problems.Conflict($"The order must list each of the series' {live.Count} videos (drafts included) exactly once; " +
                    "it names videos that are not in the series or leaves some out. Read the series again and resend.");
            var now = Timestamps.Now(time);
            await conn.ExecuteAsync(new CommandDefinition(SeriesSql.LetGoOfGone, new { seriesId, now }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(SeriesSql.Reorder,
                new { seriesId, videoIds = order.ToArray() }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(SeriesSql.Touch, new { seriesId, now }, tx, cancellationToken: ct));
            // The series and its first page read in the transaction: a deletion of the series committed right after it would
            // leave a later read nothing (a 404 for an order that stood).
            if (await ReadAsync(conn, tx, caller.UserId, seriesId, ct) is not { } series) return Problems.NotFound("series");
            var episodes = await EpisodesAsync(conn, tx, caller.UserId, seriesId, new PageRequest(PageRequest.DefaultLimit, null), ct);
            await tx.CommitAsync(ct);
            return Api.Ok(new SeriesWithVideos(series, episodes));
        }
    }

    /// <summary>GET /users/{username}/series: newest first, each with the number of its videos the caller may see.</summary>
    public async Task<IResult> UserSeries(HttpRequest request, string username, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ProfileListOwner.FindAsync(conn, username, viewer, ct) is not { } ownerId) return await ProfileListOwner.NotFoundAsync(conn, username, viewer, ct);
        var rows = await KeysetQuery.PageAsync<SeriesRow>(conn, VideoReadSql.UserSeries, page, new { ownerId, viewer },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        var views = new List<SeriesView>(rows.Items.Count);
        foreach (var row in rows.Items) views.Add(await reader.SeriesViewAsync(row, ct));
        return Api.Ok(new Page<SeriesView>(views, rows.NextCursor));
    }

    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var seriesId)) return Problems.NotFound("series");
        var errors = new Validation();
        var (body, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        await ComposedText.WrittenAsync(db, body!, VideoRules.ComposedFields, ct);
        var patch = SeriesPatch.Parse(body!, errors);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            var changed = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(SeriesSql.Update, new
            {
                seriesId, callerId = caller.UserId, now = Timestamps.Now(time), patch.SetTitle, patch.Title, patch.SetDescription, patch.Description,
            }, tx, cancellationToken: ct));
            if (changed is null) return Problems.NotFound("series");
            if (await ReadAsync(conn, tx, caller.UserId, seriesId, ct) is not { } view) return Problems.NotFound("series");
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }

    /// <summary>The series goes; its videos stay, outside any series (the foreign key sets their series_id to null).</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var seriesId)) return Problems.NotFound("series");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var deleted = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(SeriesSql.Delete,
            new { seriesId, callerId = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (deleted is null) return Problems.NotFound("series");
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private Task<Page<VideoView>> EpisodesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid seriesId, PageRequest page,
        CancellationToken ct) =>
        reader.PageAsync(conn, tx, viewer, VideoReadSql.SeriesVideos, page, new { seriesId, viewer }, r => Cursor.OfRank(r.Rank, r.Id), ct);

    /// <summary>The series in <paramref name="tx"/> (null: on its own), as <paramref name="viewer"/> sees it.</summary>
    internal Task<SeriesView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid seriesId, CancellationToken ct) =>
        ReadAsync(conn, tx, VideoReadSql.OneSeries, viewer, seriesId, ct);

    private async Task<SeriesView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Guid? viewer, Guid seriesId, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<SeriesRow>(new CommandDefinition(sql, new { seriesId, viewer }, tx, cancellationToken: ct)) is { } row
            ? await reader.SeriesViewAsync(row, ct)
            : null;
}
