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
        return await ReadAsync<TView>(conn, null, read, viewer, ct);
    }

    /// <summary>
    /// Runs <paramref name="write"/> with <paramref name="args"/> (which bind @viewer too), then reads back in the same
    /// transaction, before the commit: read after it, a deactivation committing in between answered "account gone" for a
    /// setting that had been saved. With <paramref name="lockFirst"/>, that statement goes first, so whoever holds that lock
    /// while it checks the setting has the check and its own write in one piece: the change waits for it, or it reads the change.
    /// </summary>
    public static async Task<IResult> PutAsync<TView>(NpgsqlDataSource db, string write, object args, string read, Guid viewer, CancellationToken ct,
        string? lockFirst = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (lockFirst is not null) await conn.ExecuteAsync(new CommandDefinition(lockFirst, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(write, args, tx, cancellationToken: ct));
        var answer = await ReadAsync<TView>(conn, tx, read, viewer, ct);
        await tx.CommitAsync(ct);
        return answer;
    }

    /// <summary>GET of a one-column setting.</summary>
    public static Task<IResult> GetAsync<TView>(NpgsqlDataSource db, UserSetting setting, Guid viewer, CancellationToken ct) =>
        GetAsync<TView>(db, setting.Read, viewer, ct);

    /// <summary>PUT of a one-column setting: <paramref name="value"/> written (only if it changes), then read back.</summary>
    public static Task<IResult> PutAsync<TView, TValue>(NpgsqlDataSource db, UserSetting setting, TValue value, Guid viewer, DateTimeOffset now,
        CancellationToken ct) =>
        PutAsync<TView>(db, setting.Write, new { viewer, value, now }, setting.Read, viewer, ct, setting.Lock);

    private static async Task<IResult> ReadAsync<TView>(NpgsqlConnection conn, NpgsqlTransaction? tx, string read, Guid viewer, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<TView>(new CommandDefinition(read, new { viewer }, tx, cancellationToken: ct)) is { } view
            ? Api.Ok(view)
            : Problems.AccountGone();
}

/// <summary>
/// One column of the caller's own <c>users</c> row behind a settings route, answered as JSON member <paramref name="Member"/>:
/// the read binds @viewer; the write binds @viewer, @value and @now and touches the row only when the value changes.
/// <paramref name="Lock"/> (binding @viewer), when given, is taken in the write's transaction just before it.
/// </summary>
public sealed record UserSetting(string Column, string Member, string? Lock = null)
{
    public string Read { get; } = $"SELECT {Column} AS \"{Member}\" FROM users WHERE id = @viewer AND is_active AND deleted_at IS NULL";

    public string Write { get; } = $"""
        UPDATE users SET {Column} = @value, updated_at = @now
         WHERE id = @viewer AND is_active AND deleted_at IS NULL AND {Column} IS DISTINCT FROM @value
        """;
}
