using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// Bringing back a taken-down thing whose objects its own clean-up deletes unless a <c>media_held_until</c> column holds
/// them (posts, stories: docs/moderation.md "Removed content and appeals"): held until the appeal window's end, 'infinity'
/// while an appeal is open, now when the removal is upheld. The clean-up clears the column as it takes the objects, under
/// the row lock a reinstatement also takes, so a hold it already took cannot be renewed. A kind gives its table, the column
/// that says its objects are gone, and how it comes back.
/// </summary>
public abstract class HeldMediaReinstatement : IReinstatement
{
    public abstract string TargetType { get; }

    /// <summary>The table, with id, user_id, deleted_at and media_held_until.</summary>
    protected abstract string Table { get; }

    /// <summary>The column the clean-up sets once the objects are deleted (nothing is held after that).</summary>
    protected abstract string MediaGoneColumn { get; }

    public abstract Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct);

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE {Table} SET media_held_until = @until WHERE id = @targetId AND deleted_at IS NOT NULL AND {MediaGoneColumn} IS NULL
            """, new { targetId, until }, tx, cancellationToken: ct));

    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition($"UPDATE {Table} SET media_held_until = 'infinity' WHERE id = @targetId AND media_held_until > @now",
            new { targetId, now }, tx, cancellationToken: ct)) == 1;

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"UPDATE {Table} SET media_held_until = @now WHERE id = @targetId AND media_held_until > @now",
            new { targetId, now }, tx, cancellationToken: ct));
}
