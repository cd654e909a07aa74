using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Collections;

/// <summary>
/// Named collections: create, list, read, rename/describe/cover, delete. Anyone else's collection is a 404; a token whose account
/// is gone (deleted or deactivated since) reads none of them (401, as the writes: tokens outlive accounts).
/// </summary>
public sealed class CollectionsApi(NpgsqlDataSource db, AccessTokens tokens, PostCards cards, TimeProvider time, IdempotentRequests idempotency)
{
    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreateCollectionRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var composed = await ComposedText.WrittenAsync(db, [(body.Value!.Name, CollectionRules.MaxName), (body.Value.Description, CollectionRules.MaxDescription)], ct);
        var name = CollectionRules.Name(composed[0], errors);
        var description = CollectionRules.Description(composed[1], errors);
        if (!errors.IsValid) return errors.ToProblem();

        var id = Ids.New(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(CollectionsSql.LockCreating, new { viewer = caller.UserId }, tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(CollectionsSql.CountOwned, new { viewer = caller.UserId }, tx,
                cancellationToken: ct)) >= CollectionRules.MaxCollections)
            return Problems.Conflict($"You have {CollectionRules.MaxCollections} collections, the most an account keeps; delete one first.");
        try
        {
            if (await conn.ExecuteAsync(new CommandDefinition(CollectionsSql.Insert,
                    new { id, viewer = caller.UserId, name, description, now = Timestamps.Now(time) }, tx, cancellationToken: ct)) == 0)
                return Problems.AccountGone();
        }
        catch (PostgresException ex) when (CollectionRules.FromViolation(ex) is { } conflict)
        {
            return conflict;
        }
        // Read inside the transaction: after the commit a delete from another device (or a purge) could leave nothing to answer with.
        var view = (await ReadAsync(conn, tx, caller.UserId, id, ct))!;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/collections/{id}", view);
    }

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var result = await KeysetQuery.PageAsync<CollectionRow>(conn, CollectionsSql.List, page, new { viewer = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(new Page<CollectionView>(await ViewsAsync(conn, caller.UserId, result.Items, ct), result.NextCursor));
    }

    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var collectionId)) return Problems.NotFound("collection");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return await ReadAsync(conn, caller.UserId, collectionId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("collection");
    }

    public async Task<IResult> Patch(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var collectionId)) return Problems.NotFound("collection");
        var errors = new Validation();
        var (patch, malformed) = await MergePatch.ReadAsync(request, errors, ct);
        if (malformed is not null) return malformed;
        await ComposedText.WrittenAsync(db, patch!, [("name", CollectionRules.MaxName), ("description", CollectionRules.MaxDescription)], ct);
        var setName = patch!.String("name", out var rawName, nullable: false);
        var name = setName ? CollectionRules.Name(rawName, errors) : "";
        var setDescription = patch.String("description", out var rawDescription);
        var description = CollectionRules.Description(rawDescription, errors);
        var setCover = patch.String("coverPostId", out var rawCover);
        Guid? coverPostId = null;
        if (rawCover is not null)
        {
            if (Guid.TryParse(rawCover, out var cover)) coverPostId = cover;
            else errors.Add("coverPostId", "Must be the id of a post in this collection, or null.");
        }
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            var updated = await conn.QuerySingleAsync<WriteRow>(new CommandDefinition(CollectionsSql.Update, new
            {
                collectionId, viewer = caller.UserId, setName, name, setDescription, description, setCover, coverPostId, now = Timestamps.Now(time),
            }, tx, cancellationToken: ct));
            if (!updated.Live) return Problems.AccountGone();
            if (!updated.Changed) return Problems.NotFound("collection");
        }
        catch (PostgresException ex) when (CollectionRules.FromViolation(ex) is { } problem)
        {
            return problem;
        }
        // Read inside the update's transaction, as create does: after the commit a delete from another device (or a purge)
        // could leave nothing to read, a 404 for an edit that stood.
        var view = (await ReadAsync(conn, tx, caller.UserId, collectionId, ct))!;
        await tx.CommitAsync(ct);
        return Api.Ok(view);
    }

    /// <summary>Deleting a collection keeps its posts saved.</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var collectionId)) return Problems.NotFound("collection");
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = await conn.QuerySingleAsync<WriteRow>(new CommandDefinition(CollectionsSql.Delete, new { collectionId, viewer = caller.UserId },
            cancellationToken: ct));
        return !deleted.Live ? Problems.AccountGone() : deleted.Changed ? Api.NoContent() : Problems.NotFound("collection");
    }

    private Task<CollectionView?> ReadAsync(NpgsqlConnection conn, Guid viewer, Guid collectionId, CancellationToken ct) =>
        ReadAsync(conn, null, viewer, collectionId, ct);

    private async Task<CollectionView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid viewer, Guid collectionId, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<CollectionRow>(new CommandDefinition(CollectionsSql.One, new { collectionId, viewer }, tx, cancellationToken: ct));
        return row is null ? null : (await ViewsAsync(conn, viewer, [row], ct))[0];
    }

    /// <summary>Npgsql runs a command in the connection's open transaction, if any, so this serves reads inside one too.</summary>
    private async Task<IReadOnlyList<CollectionView>> ViewsAsync(NpgsqlConnection conn, Guid viewer, IReadOnlyList<CollectionRow> rows, CancellationToken ct)
    {
        var covers = (await cards.LoadAsync(conn, viewer, rows.Where(r => r.CoverId is not null).Select(r => r.CoverId!.Value).Distinct().ToList(), ct))
            .ToDictionary(c => c.Id);
        return rows.Select(r => new CollectionView(r.Id, r.Name, r.Description, r.PostCount,
            r.CoverId is { } cover ? covers.GetValueOrDefault(cover) : null, r.CreatedAt, r.UpdatedAt)).ToList();
    }
}
