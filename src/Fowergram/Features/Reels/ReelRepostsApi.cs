using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Reposts of reels (docs/reels.md "Reposts", migration 0184): PUT and DELETE /reels/{id}/repost (idempotent both ways), a
/// reel's reposters (an account's reel reposts tab is ReelListsApi's). The posts' rules (<see cref="RepostsApi"/>) and the same author switch
/// (users.allow_reposts, set through /users/me/repost-permission). A new repost raises reel.reposted: the author is told;
/// undoing it raises reel.unreposted, which takes the notice back. A trial reel cannot be reposted until it is shared.
/// </summary>
public sealed class ReelRepostsApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time)
{
    private readonly Reposting _reposting = new(db, tokens, allowances, time);

    /// <summary>The reels' kind of repost: a reel the caller may see, refused as <see cref="Refusal"/> says.</summary>
    private static readonly RepostKind Kind = new("reel", "reelId",
        async (conn, tx, viewer, id, ct) => await ReelAccess.FindAsync(conn, tx, viewer, id, ct) is not null,
        async (conn, viewer, id, ct) => await ReelAccess.FindForReaderAsync(conn, viewer, id, ct) is not null,
        async (conn, tx, args, callerId, ct) =>
        {
            // Gone since the visibility check (deleted or purged meanwhile): a 404, as before it.
            var target = await conn.QuerySingleOrDefaultAsync<ReelRepostTarget>(new CommandDefinition(ReelRepostsSql.Target, args, tx, cancellationToken: ct));
            return target is null ? (Guid.Empty, Problems.NotFound("reel")) : (target.AuthorId, Refusal(target, callerId));
        },
        ReelRepostsSql.Insert, ReelRepostsSql.Delete, ReelRepostsSql.Reposters, ReelEvents.Reposted, ReelEvents.Unreposted,
        (reelId, authorId, reposter) => ReelRepostEvent.Of(reelId, authorId, reposter));

    /// <summary>PUT /reels/{id}/repost: 204 (also when already reposted).</summary>
    public Task<IResult> Repost(HttpRequest request, string id, CancellationToken ct) => _reposting.RepostAsync(Kind, request, id, ct);

    /// <summary>DELETE /reels/{id}/repost: 204, whether or not there was a repost (<see cref="Reposting.UndoAsync"/>).</summary>
    public Task<IResult> Undo(HttpRequest request, string id, CancellationToken ct) => _reposting.UndoAsync(Kind, request, id, ct);

    /// <summary>GET /reels/{id}/reposts: who reposted a reel the caller may see, newest first.</summary>
    public Task<IResult> Reposters(HttpRequest request, string id, CancellationToken ct) => _reposting.RepostersAsync(Kind, request, id, ct);

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
