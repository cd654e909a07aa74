using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// What differs between reposting a post and a reel (docs/posts.md and docs/reels.md "Reposts"): the kind's name in 404s,
/// its id parameter in the SQL (<see cref="IdName"/>), whether the caller may see it (for the writes, and for the list of
/// reposters: <see cref="ReaderSeesAsync"/>, false too for a token whose account is gone), why they may not repost it
/// (reading its author), the statements, and the events raised.
/// </summary>
internal sealed record RepostKind(
    string Entity,
    string IdName,
    Func<NpgsqlConnection, NpgsqlTransaction?, Guid?, Guid, CancellationToken, Task<bool>> VisibleAsync,
    Func<NpgsqlConnection, Guid?, Guid, CancellationToken, Task<bool>> ReaderSeesAsync,
    Func<NpgsqlConnection, NpgsqlTransaction, DynamicParameters, Guid, CancellationToken, Task<(Guid AuthorId, IResult? Refusal)>> CheckAsync,
    string Insert,
    string Delete,
    string Reposters,
    string RepostedEvent,
    string UnrepostedEvent,
    Func<Guid, Guid, Guid, object> Payload);

/// <summary>
/// The repost routes of every kind, one copy: PUT and DELETE …/{id}/repost (idempotent both ways) and GET …/{id}/reposts.
/// A new repost raises the kind's reposted event and undoing one its unreposted event, in the write's transaction; it spends
/// the reposter's <see cref="WriteKind.Repost"/> allowance last (a repost already there spends nothing).
/// </summary>
internal sealed class Reposting(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time)
{
    /// <summary>PUT: 204 (also when reposted already: nothing changes, nobody is told again).</summary>
    public async Task<IResult> RepostAsync(RepostKind kind, HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var entityId)) return Problems.NotFound(kind.Entity);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a deleted or deactivated reposter reposted (the author told), a purged one failed the insert.
        if (!await People.LockLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (!await kind.VisibleAsync(conn, tx, caller.UserId, entityId, ct)) return Problems.NotFound(kind.Entity);
        var args = Args(kind, entityId, caller.UserId);
        args.Add("now", Timestamps.Now(time));
        var (authorId, refused) = await kind.CheckAsync(conn, tx, args, caller.UserId, ct);
        if (refused is not null) return refused;
        // A block either way committed since the first look is seen here, under the pair's lock a block takes: a 404 as a
        // moment later; one coming after waits for the repost, which the reads then hide. Looked at once, unlocked, a repost
        // racing a block was kept across it, and came back with the unblock (ReelRepostAuthorRaceTests).
        await PairLock.TakeAsync(conn, tx, caller.UserId, authorId, ct);
        if (!await kind.VisibleAsync(conn, tx, caller.UserId, entityId, ct)) return Problems.NotFound(kind.Entity);
        if (await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(kind.Insert, args, tx, cancellationToken: ct)) is null) return Api.NoContent();
        await Outbox.EnqueueAsync(conn, tx, time, kind.RepostedEvent, caller.UserId, kind.Payload(entityId, authorId, caller.UserId), ct);
        if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Repost, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// DELETE: 204, whether or not there was a repost; the caller's own repost is undone even of something they may no longer
    /// see (their tab is theirs). 404 only when there was none and it is not one the caller may see.
    /// </summary>
    public async Task<IResult> UndoAsync(RepostKind kind, HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var entityId)) return Problems.NotFound(kind.Entity);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var authorId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(kind.Delete, Args(kind, entityId, caller.UserId), tx, cancellationToken: ct));
        if (authorId is null)
            return await kind.VisibleAsync(conn, tx, caller.UserId, entityId, ct) ? Api.NoContent() : Problems.NotFound(kind.Entity);
        await Outbox.EnqueueAsync(conn, tx, time, kind.UnrepostedEvent, caller.UserId, kind.Payload(entityId, authorId.Value, caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET: who reposted something the caller may see, newest first (accounts blocked either way left out).</summary>
    public async Task<IResult> RepostersAsync(RepostKind kind, HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!Guid.TryParse(id, out var entityId)) return Problems.NotFound(kind.Entity);
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await kind.ReaderSeesAsync(conn, viewer, entityId, ct)) return await GoneCaller.NotFoundAsync(conn, viewer, kind.Entity, ct);
        var rows = await KeysetQuery.PageAsync<ReposterRow>(conn, kind.Reposters, page, Args(kind, entityId, viewer), r => new Cursor(r.RepostedAt, r.Id), ct);
        return Api.Ok(rows.Map(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified)));
    }

    private static DynamicParameters Args(RepostKind kind, Guid entityId, Guid? viewer)
    {
        var args = new DynamicParameters();
        args.Add(kind.IdName, entityId);
        args.Add("viewer", viewer);
        return args;
    }
}
