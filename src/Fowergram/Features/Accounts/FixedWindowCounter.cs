using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// One fixed-window request counter per (kind, subject) row, shared by the throttle tables of the same shape
/// (<c>mail_throttles</c>, <c>address_throttles</c>). A request is counted in one atomic upsert, so parallel requests
/// cannot slip past the limit; an ended window starts afresh in the same statement.
/// </summary>
internal sealed class FixedWindowCounter(string table)
{
    // The SET expressions see the row as it was. The table name is one of the code's constants, never input.
    private readonly string _take = $"""
        INSERT INTO {table} AS t (kind, subject, window_starts_at, requests)
        VALUES (@kind, @subject, @now, 1)
        ON CONFLICT (kind, subject) DO UPDATE SET
            requests = CASE WHEN t.window_starts_at <= @windowStart THEN 1 ELSE t.requests + 1 END,
            window_starts_at = CASE WHEN t.window_starts_at <= @windowStart THEN @now ELSE t.window_starts_at END
        RETURNING requests, window_starts_at
        """;

    private readonly string _peek = $"SELECT requests, window_starts_at FROM {table} WHERE kind = @kind AND subject = @subject AND window_starts_at > @windowStart";

    /// <summary>
    /// A (kind, subject)'s turn for the rest of the transaction (first key 0x61647472, "adtr"): a look at the count, the work
    /// whose outcome is counted and the count itself then act as one step, so parallel requests cannot all pass the look
    /// before any of them is counted. The table name is part of the key, so two tables' counters never share a turn.
    /// </summary>
    private readonly string _turn = $"SELECT pg_advisory_xact_lock(1633973362, hashtext('{table}:' || @kind || ':' || @subject))";

    public Task TakeTurnAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string kind, string subject, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(_turn, new { kind, subject }, tx, cancellationToken: ct));

    /// <summary>A subject that must not be stored as it is (an e-mail or network address): its SHA-256, hex.</summary>
    public static string Hashed(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Counts one request. Over the limit, Wait is how long until the window ends; FirstRefused marks the request that crossed it.</summary>
    public async Task<(TimeSpan? Wait, bool FirstRefused)> TakeAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string kind, string subject,
        int limit, TimeSpan window, DateTimeOffset now, CancellationToken ct)
    {
        var (requests, startedAt) = await conn.QuerySingleAsync<(int, DateTime)>(new CommandDefinition(_take,
            new { kind, subject, now, windowStart = now - window }, tx, cancellationToken: ct));
        if (requests <= limit) return (null, false);
        return (new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc)) + window - now, requests == limit + 1);
    }

    /// <summary>
    /// Whether one more request would be refused, without counting it: how long until the window ends, or null. A look
    /// before work that must not be wasted on a request the count then refuses; the count itself stays <see cref="TakeAsync"/>.
    /// </summary>
    public async Task<TimeSpan?> WaitAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string kind, string subject, int limit, TimeSpan window,
        DateTimeOffset now, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(int Requests, DateTime StartedAt)?>(new CommandDefinition(_peek,
            new { kind, subject, windowStart = now - window }, tx, cancellationToken: ct));
        return row is { } r && r.Requests >= limit ? new DateTimeOffset(DateTime.SpecifyKind(r.StartedAt, DateTimeKind.Utc)) + window - now : null;
    }
}
