using Dapper;
using Npgsql;

namespace Fowergram.Platform.Moderation;

/// <summary>Whose a reported thing is, for takedowns that remove it as its owner would.</summary>
public static class Owners
{
    /// <summary>The owner (user_id) of a live row of <paramref name="table"/> (one with deleted_at); null when there is none, or it is deleted.</summary>
    public static async Task<Guid?> OfLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition($"SELECT user_id FROM {table} WHERE id = @id AND deleted_at IS NULL",
            new { id }, tx, cancellationToken: ct));
}
