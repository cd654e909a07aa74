using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A broadcast channel a moderator took down, brought back by a reversed appeal (docs/messages.md "Removed channels"): seen
/// again exactly as it was — live or ended, with its members, co-hosts, messages, votes and reactions, which never left.
/// Its messages' uploads are held by their release time meanwhile; an upheld removal deletes the channel.
/// </summary>
public sealed class ChannelReinstatement(TimeProvider time) : IReinstatement
{
    public string TargetType => ChannelTakedown.Channel;

    public Task<bool> IsLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(RemovedChannelsSql.IsLive, new { targetId }, tx, cancellationToken: ct));

    public Task<bool> CanComeBackAsync(NpgsqlConnection conn, Guid targetId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(RemovedChannelsSql.CanComeBack, new { targetId, now = time.GetUtcNow() },
            cancellationToken: ct));

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(RemovedChannelsSql.Hold, new { targetId, until }, tx, cancellationToken: ct));

    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(RemovedChannelsSql.Keep, new { targetId, now }, tx, cancellationToken: ct)) == 1;

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(RemovedChannelsSql.Release, new { targetId, now }, tx, cancellationToken: ct));

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(RemovedChannelsSql.Reinstate, new { targetId, now }, tx, cancellationToken: ct)) == 1;
}
