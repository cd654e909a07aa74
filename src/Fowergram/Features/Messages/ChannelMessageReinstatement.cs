using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A channel message a moderator took down, brought back by a reversed appeal (docs/messages.md "Removed channel messages"):
/// the tombstone becomes the message it was — text, photo, video or voice message, poll — from what the takedown kept aside
/// (removed_channel_messages, migration 0185); its votes and reactions never left. It cannot come back once the row is gone
/// (deleted by its sender or the channel's owner, the channel deleted, the sender purged).
/// </summary>
public sealed class ChannelMessageReinstatement(TimeProvider time) : IReinstatement
{
    public string TargetType => ChannelTakedown.Message;

    public Task<bool> IsLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM broadcast_channel_messages WHERE id = @targetId AND removed_at IS NULL)",
            new { targetId }, tx, cancellationToken: ct));

    public Task<bool> CanComeBackAsync(NpgsqlConnection conn, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(RemovedChannelMessagesSql.CanComeBack, new { targetId, now = time.GetUtcNow() },
            cancellationToken: ct));

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(RemovedChannelMessagesSql.Hold, new { targetId, until }, tx, cancellationToken: ct));

    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(RemovedChannelMessagesSql.Keep, new { targetId, now }, tx, cancellationToken: ct)) == 1;

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(RemovedChannelMessagesSql.Release, new { targetId, now }, tx, cancellationToken: ct));

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(RemovedChannelMessagesSql.Reinstate, new { targetId, now }, tx, cancellationToken: ct)) == 1;
}
