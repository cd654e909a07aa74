using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Profiles;

/// <summary>
/// What the routes of a caller's own account settings share (read receipts, activity status, tags and mentions, sharing to
/// stories): a read that binds <c>@viewer</c> and finds no row once the account is gone or inactive (then
/// <see cref="Problems.AccountGone"/>), and a write that answers with a fresh read of what it wrote.
/// </summary>
public static class OwnSettings
{
    public static async Task<IResult> GetAsync<TView>(NpgsqlDataSource db, string read, Guid viewer, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync<TView>(conn, read, viewer, ct);
    }

    /// <summary>Runs <paramref name="write"/> with <paramref name="args"/> (which bind @viewer too), then reads back.</summary>
    public static async Task<IResult> PutAsync<TView>(NpgsqlDataSource db, string write, object args, string read, Guid viewer, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(write, args, cancellationToken: ct));
        return await ReadAsync<TView>(conn, read, viewer, ct);
    }

    private static async Task<IResult> ReadAsync<TView>(NpgsqlConnection conn, string read, Guid viewer, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<TView>(new CommandDefinition(read, new { viewer }, cancellationToken: ct)) is { } view
            ? Api.Ok(view)
            : Problems.AccountGone();
}
