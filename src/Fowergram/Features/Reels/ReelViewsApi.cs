using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// POST /reels/{id}/views: the caller played the reel. One statement upserts the caller's reel_views row (migration
/// 0068) and raises reel.played only when the play counts: the first play, or one at least the reel's duration after
/// the last counted play — a retried or doubled request lands inside that window and counts nothing, also when the
/// two race (the second waits on the row and then fails the window). reel-counters adds the plays (and first views) up.
/// The author's own plays are not counted, as on Instagram. The first play records whether the viewer followed the author
/// then (reel_views.follower, migration 0206: the reach's followers / non-followers split). Every play of someone else's
/// reel, counted or not, marks the author's account-wide reach (<see cref="AccountReach"/>, at most one write a day).
/// </summary>
public sealed class ReelViewsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly string PlaySql = ReelLikesApi.Target + $"""
        , changed AS (
            INSERT INTO reel_views (reel_id, user_id, first_viewed_at, last_played_at, follower)
            SELECT t.id, @viewer, @now, @now,
                   EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = t.user_id)
              FROM target t WHERE t.user_id <> @viewer
            ON CONFLICT (reel_id, user_id) DO UPDATE SET last_played_at = EXCLUDED.last_played_at
            WHERE reel_views.last_played_at
                  <= EXCLUDED.last_played_at - (SELECT make_interval(secs => d.duration) FROM reels d WHERE d.id = reel_views.reel_id)
            RETURNING (xmax = 0) AS first_view
        ), {AccountReach.Upsert("SELECT user_id AS owner_id FROM target")}, {Outbox.EventCte("FROM target t CROSS JOIN changed c",
            $"jsonb_build_object('{Outbox.JsonName(nameof(ReelPlayEvent.FirstView))}', c.first_view)")}
        SELECT t.id, {Outbox.NotifyColumn} FROM target t
        """;

    public async Task<IResult> Play(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        var parameters = new DynamicParameters(new { reelId, viewer = caller.UserId, now = Timestamps.Now(time) });
        Outbox.Parameters(parameters, time, ReelEvents.Played, caller.UserId, ReelPlayEvent.Of(reelId));
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PlaySql, parameters, cancellationToken: ct));
        return found is null ? Problems.NotFound("reel") : Api.NoContent();
    }
}
