using Dapper;
using Npgsql;

namespace Fowergram.Platform.Http;

/// <summary>
/// A page of a ranking a job keeps (explore's posts, recommended reels): the caller's walk below <see cref="RankCursor"/>,
/// and the cursor after its last item when there is more. The SQL selects <c>id, score, created_at</c> in ranking order
/// below <c>(@cursorScore, @cursorAt, @cursorId)</c> and stops at <c>@take</c>.
/// </summary>
public static class RankedPage
{
    public static async Task<(IReadOnlyList<Guid> Ids, string? Next)> ReadAsync(NpgsqlConnection conn, string sql, object args, RankCursor after,
        int limit, CancellationToken ct)
    {
        var parameters = new DynamicParameters(args);
        parameters.AddDynamicParams(new { take = limit + 1, cursorScore = after.Score, cursorAt = after.Item.CreatedAt, cursorId = after.Item.Id });
        var rows = (await conn.QueryAsync<Ranked>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToList();
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new RankCursor(page[^1].Score, new Cursor(page[^1].CreatedAt, page[^1].Id)).Encode() : null;
        return (page.Select(r => r.Id).ToList(), next);
    }

    private sealed class Ranked
    {
        public Guid Id { get; init; }
        public long Score { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}
