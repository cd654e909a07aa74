using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Reposts of reels (docs/reels.md "Reposts", migration 0184): PUT and DELETE /reels/{id}/repost (idempotent both ways), a
/// reel's reposters (an account's reel reposts tab is ReelListsApi's). The posts' rules (<see cref="RepostsApi"/>) and the same author switch
/// (users.allow_reposts, set through /users/me/repost-permission). A new repost raises reel.reposted: the author is told;
/// undoing it raises reel.unreposted, which takes the notice back. A trial reel cannot be reposted until it is shared.
/// </summary>
public sealed class ReelRepostsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>PUT /reels/{id}/repost: 204 (also when already reposted).</summary>
    public async Task<IResult> Repost(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = new { viewer = caller.UserId, reelId, now = Timestamps.Now(time) };
        if (await ReelAccess.FindAsync(conn, tx, caller.UserId, reelId, ct) is null) return Problems.NotFound("reel");
        var target = await conn.QuerySingleAsync<ReelRepostTarget>(new CommandDefinition(ReelRepostsSql.Target, args, tx, cancellationToken: ct));
        if (Refusal(target, caller.UserId) is { } refused) return refused;
        if (await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(ReelRepostsSql.Insert, args, tx, cancellationToken: ct)) is null)
            return Api.NoContent(); // reposted already: nothing changes, nobody is told again
        await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Reposted, caller.UserId, ReelRepostEvent.Of(reelId, target.AuthorId, caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// DELETE /reels/{id}/repost: 204, whether or not there was a repost; the caller's own repost is undone even of a reel they
    /// may no longer see (their tab is theirs). 404 only when there was none and the reel is not one the caller may see.
    /// </summary>
    public async Task<IResult> Undo(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var authorId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ReelRepostsSql.Delete, new { viewer = caller.UserId, reelId }, tx,
            cancellationToken: ct));
        if (authorId is null)
            return await ReelAccess.FindAsync(conn, tx, caller.UserId, reelId, ct) is null ? Problems.NotFound("reel") : Api.NoContent();
        await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Unreposted, caller.UserId, ReelRepostEvent.Of(reelId, authorId.Value, caller.UserId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>GET /reels/{id}/reposts: who reposted a reel the caller may see, newest first (accounts blocked either way left out).</summary>
    public async Task<IResult> Reposters(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReelAccess.FindAsync(conn, null, viewer, reelId, ct) is null) return Problems.NotFound("reel");
        var rows = await KeysetQuery.PageAsync<ReposterRow>(conn, ReelRepostsSql.Reposters, page, new { reelId, viewer },
            r => new Cursor(r.RepostedAt, r.Id), ct);
        return Api.Ok(rows.Map(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified)));
    }

    /// <summary>
    /// Why the caller may not repost this reel (null: they may). A trial is refused until it is shared with its author's
    /// followers: a repost would take it to the reposter's followers, the audience the trial is kept from.
    /// </summary>
    private static IResult? Refusal(ReelRepostTarget target, Guid callerId) => target switch
    {
        _ when target.AuthorId == callerId => Problems.Conflict("You cannot repost your own reel."),
        { IsPrivate: true } => Problems.Conflict("Reels of private accounts cannot be reposted."),
        { AllowReposts: false } => Problems.Forbidden($"{target.AuthorUsername} does not allow reposts of their reels."),
        { TrialStatus: not null and not TrialReelRules.Shared } => Problems.Conflict("This reel cannot be reposted."),
        _ => null,
    };
}
