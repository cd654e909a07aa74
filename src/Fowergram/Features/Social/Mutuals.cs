using Dapper;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// The accounts a viewer follows that follow an owner, found from whichever side is smaller (<see cref="MutualSql"/>):
/// a reader with 5,000 followees opening a profile with 81 followers probes 81 rows, not 5,000.
/// </summary>
internal static class Mutuals
{
    public static async Task<FollowedBySummary> FollowedByAsync(NpgsqlConnection conn, Guid viewer, Guid owner, CancellationToken ct)
    {
        var sql = await FromFollowersAsync(conn, viewer, owner, ct) ? MutualSql.FollowedByFromFollowers : MutualSql.FollowedByFromFollowing;
        var rows = (await conn.QueryAsync<FollowedByRow>(new CommandDefinition(sql, new { viewer, owner }, cancellationToken: ct))).ToList();
        var total = rows.Count == 0 ? 0 : rows[0].Total;
        var names = rows.Select(m => m.Username).ToList();
        return new FollowedBySummary(total, names, FollowedByText.Of(names, total, shown: 2));
    }

    public static async Task<string> ListSqlAsync(NpgsqlConnection conn, Guid viewer, Guid owner, CancellationToken ct) =>
        await FromFollowersAsync(conn, viewer, owner, ct) ? MutualSql.ListFromFollowers : MutualSql.ListFromFollowing;

    private static Task<bool> FromFollowersAsync(NpgsqlConnection conn, Guid viewer, Guid owner, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(MutualSql.FollowersFewer, new { viewer, owner }, cancellationToken: ct));
}
