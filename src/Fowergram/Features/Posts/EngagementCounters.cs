using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>Applies and recounts <see cref="Counter"/>s, always inside the caller's transaction.</summary>
internal static class EngagementCounters
{
    /// <summary>Events older than this that post-counters never applied are lost (dead-lettered), not in flight.</summary>
    public static readonly TimeSpan InFlightWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// Adds <paramref name="delta"/>. When the stats row is missing (a row made by another tool) or the
    /// counter would go below zero (an increment was lost), it is recounted instead, so a consumer never
    /// fails on a counter and never stores a wrong one.
    /// </summary>
    public static async Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Counter counter, Guid key, Guid postId, int delta,
        DateTimeOffset now, ILogger logger, CancellationToken ct)
    {
        if (await conn.ExecuteAsync(new CommandDefinition(counter.Apply, new { key, delta, now }, tx, cancellationToken: ct)) == 1) return;
        await conn.ExecuteAsync(new CommandDefinition(counter.EnsureRow, new { key, now }, tx, cancellationToken: ct));
        var (before, after) = await RecountAsync(conn, tx, counter, key, postId, now, ct) ?? (0, 0);
        if (delta < 0)
            logger.LogWarning("The {Counter} of {Key} would have gone below zero; recounted {Before} -> {After}", counter.Name, key, before, after);
    }

    /// <summary>Locks the counter and sets it to its expected value; (stored, expected), or null when the entity is gone.</summary>
    public static async Task<(long Stored, long Expected)?> RecountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Counter counter,
        Guid key, Guid postId, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(counter.Lock, new { key }, tx, cancellationToken: ct));
        if (stored is null) return null;
        var expected = await conn.ExecuteScalarAsync<long>(new CommandDefinition(counter.Expected, new
        {
            key, postId, keyText = key.ToString("D"), postKey = postId.ToString("D"), since = now - InFlightWindow,
        }, tx, cancellationToken: ct));
        if (expected != stored)
            await conn.ExecuteAsync(new CommandDefinition(counter.Set, new { key, value = expected, now }, tx, cancellationToken: ct));
        return (stored.Value, expected);
    }
}
