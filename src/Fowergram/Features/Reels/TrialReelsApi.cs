using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// The author's trial reels (docs/reels.md "Trial reels"): GET /users/me/reels/trials lists them with how they did, and
/// POST /reels/{id}/trial/share shares a running or ended one with the followers now. Anyone else's reel is a 404.
/// </summary>
public sealed class TrialReelsApi(NpgsqlDataSource db, AccessTokens tokens, ReelReader reader, TimeProvider time)
{
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var reels = await reader.PageAsync(conn, caller.UserId, TrialReelsSql.Own, page, new { viewer = caller.UserId }, ct);
        return Api.Ok(new Page<TrialReelItem>(reels.Items.Where(r => r.Trial is not null).Select(TrialReelItem.Of).ToList(), reels.NextCursor));
    }

    /// <summary>
    /// Running or ended → shared, announced as a new reel would be (<see cref="TrialReels.AnnounceAsync"/>): the author decides
    /// whenever they like, during the trial or after seeing how it did. Sharing one already shared answers the reel again and
    /// announces nothing; a reel that is no trial is a 409.
    /// </summary>
    public async Task<IResult> Share(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            // Tokens outlive accounts (docs/accounts.md "Sessions"): a gone author shares nothing, on any reel. The row stays
            // key-share locked so a purge waits for the announcement that names them.
            if (!await People.LockLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            var args = new { reelId, callerId = caller.UserId, now = Timestamps.Now(time) };
            var shared = await conn.QuerySingleOrDefaultAsync<SettledTrial>(new CommandDefinition(TrialReelsSql.Share, args, tx, cancellationToken: ct));
            if (shared is null)
            {
                var state = await conn.QuerySingleOrDefaultAsync<TrialState>(new CommandDefinition(TrialReelsSql.State, args, tx, cancellationToken: ct));
                if (state is null) return Problems.NotFound("reel");
                if (state.Status is null) return Problems.Conflict("This reel is not a trial: its followers already see it.");
            }
            else await TrialReels.AnnounceAsync(conn, tx, time, shared, ct);
            // Read in the transaction: a deletion committed right after it would leave a later read nothing (a 404 for a share that stood).
            if (await reader.ReadAsync(conn, tx, caller.UserId, reelId, ct) is not { } view) return Problems.NotFound("reel");
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }
}
